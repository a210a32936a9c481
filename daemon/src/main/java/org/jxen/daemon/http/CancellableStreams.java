package org.jxen.daemon.http;

import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.jxen.daemon.rpc.AsyncTasks;

/**
 * A transfer's body that stops, with an {@link IOException}, at its next read or write once its
 * task is cancelled ({@code task.cancel}): where XAPI's HTTP handlers stop. Without a task, the
 * stream itself.
 */
final class CancellableStreams {
    private CancellableStreams() {
    }

    static InputStream in(InputStream in, AsyncTasks tasks, String task) {
        return task == null ? in : new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                check(tasks, task);
                return super.read();
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                check(tasks, task);
                return super.read(b, off, len);
            }
        };
    }

    static OutputStream out(OutputStream out, AsyncTasks tasks, String task) {
        return task == null ? out : new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                check(tasks, task);
                out.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                check(tasks, task);
                out.write(b, off, len);
            }
        };
    }

    private static void check(AsyncTasks tasks, String task) throws IOException {
        if (tasks.cancelling(task)) {
            throw new IOException("task " + task + " was cancelled");
        }
    }
}
