package org.jxen.hv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.UUID;
import org.jxen.hv.BuildResult;
import org.jxen.hv.ConsoleRing;
import org.jxen.hv.CreateSpec;
import org.jxen.hv.DomainType;
import org.jxen.hv.GrantMapping;
import org.jxen.hv.Hypervisor;
import org.jxen.xenstore.client.XsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A guest's primary console read and typed at as xenconsoled does, through the Hypervisor SPI only
 * ({@code mapGrant} of grant 0, {@code bindInterdomain} on the console port, {@code notify}) and
 * {@link ConsoleRing}: the kernel's boot messages arrive with "\r\n", output that does not fit in
 * the ring waits in the guest until dom0 reads, and a line typed into {@code in} is answered by the
 * guest's shell (not while the guest is paused). Guests on jxenstored in socket mode, as
 * {@link GuestAgentTest}. Not covered: the ring's index arithmetic ({@code ConsoleRingTest}, module hypervisor).
 */
class ConsoleRingSimTest {
    private static final long MS = 1_000_000L;

    @TempDir
    Path dir;

    /** dom0's console client for one guest: the mapped ring and its own port. */
    private record Console(Hypervisor hv, SimHost host, int domid, ConsoleRing ring, int port) {
        /** Reads until the guest has nothing more to write, telling it after each read that there is room. */
        String drain() throws Exception {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (byte[] got = ring.read(); got.length > 0; got = ring.read()) {
                all.writeBytes(got);
                hv.notify(port);
                host.runFor(MS);
            }
            return all.toString(StandardCharsets.UTF_8);
        }

        void type(String text) throws Exception {
            assertThat(ring.write(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(text.length());
            hv.notify(port);
            host.runFor(MS);
        }
    }

    /** A guest as libxl starts one, with dom0's console client attached before it runs, as xenconsoled is. */
    private static Console startWithConsole(SimHost host, XsClient toolstack, Path image) throws Exception {
        Hypervisor hv = host;
        int domid = hv.createDomain(CreateSpec.of(DomainType.PV, UUID.randomUUID(), 1));
        hv.setMaxMemory(domid, GuestAgentTest.MEM_KB);
        BuildResult built = TestDomains.build(hv, domid, GuestAgentTest.MEM_KB);
        GuestAgentTest.writeDomain(toolstack, domid, image);
        GrantMapping mapping = hv.mapGrant(domid, BuildResult.CONSOLE_GRANT_REF, false);
        Console console = new Console(hv, host, domid, ConsoleRing.of(mapping), hv.bindInterdomain(domid,
                built.consolePort()));
        hv.unpause(domid);
        host.runFor(2 * GuestAgentTest.SECOND);
        return console;
    }

    @Test
    void bootMessagesArriveInTheRing_withCrLf_andTheConsolePortNotified() throws Exception {
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Console c = startWithConsole(host, toolstack, GuestAgentTest.image(dir));
            int domid = c.domid();

            String text = c.drain();

            assertThat(text).startsWith("Linux version 6.1.0-jxen (simulated guest) #1 SMP\r\n")
                    .contains("vbd 51712: connected to backend in domain 0\r\n");
            String prompt = "root@guest" + domid + ":~# ";
            assertThat(text).as("getty's banner, the shell's prompt; a message after it on its own line, the prompt again")
                    .contains("\r\nguest" + domid + " login: root (automatic login)\r\n\r\n" + prompt
                            + "\r\nvbd 51712: connected to backend in domain 0\r\n" + prompt)
                    .endsWith("\r\nconsole 1: connected to backend in domain 0\r\n" + prompt);
            assertThat(text.replace(prompt + "\r\n", "")).isEqualTo(String.join("\r\n", host.guestConsole(domid)) + "\r\n" + prompt);
            assertThat(host.portStatus(0, c.port()).notifications()).isPositive();
        });
    }

    @Test
    void outputBeyondTheRing_waitsInTheGuestUntilDom0Reads() throws Exception {
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Console c = startWithConsole(host, toolstack, GuestAgentTest.image(dir));
            int domid = c.domid();
            c.drain();
            StringBuilder expected = new StringBuilder();
            for (char letter = 'a'; letter < 'k'; letter++) { // 10 × ~430 bytes of answers, not read meanwhile
                String word = String.valueOf(letter).repeat(200);
                c.type("echo " + word + "\n");
                expected.append("echo ").append(word).append("\r\n").append(word).append("\r\n")
                        .append("root@guest").append(domid).append(":~# ");
            }
            assertThat(c.ring().readable()).isEqualTo(ConsoleRing.OUT_SIZE);

            assertThat(c.drain()).isEqualTo(expected.toString());
        });
    }

    @Test
    void aTypedLine_isAnsweredByTheGuestsShell_onceItRuns() throws Exception {
        GuestAgentTest.onXenStore("jxenstored", dir, (host, toolstack) -> {
            Console c = startWithConsole(host, toolstack, GuestAgentTest.image(dir));
            int domid = c.domid();
            c.drain();

            host.pause(domid);
            c.type("uname -a\r\n");
            assertThat(c.ring().readable()).as("a paused guest takes no interrupt").isZero();
            host.unpause(domid);
            host.runFor(MS);

            assertThat(c.drain()).isEqualTo("uname -a\r\n"
                    + "Linux guest" + domid + " 6.1.0-jxen #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux\r\n"
                    + "root@guest" + domid + ":~# ");
            assertThat(host.guestConsole(domid)).endsWith("root@guest" + domid + ":~# uname -a",
                    "Linux guest" + domid + " 6.1.0-jxen #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux");
            c.type("frobnicate --now\r");
            assertThat(c.drain()).endsWith("-sh: 1: frobnicate: not found\r\nroot@guest" + domid + ":~# ");
        });
    }
}
