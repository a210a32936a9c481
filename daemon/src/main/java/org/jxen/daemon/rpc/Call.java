package org.jxen.daemon.rpc;

import java.util.List;
import org.jxen.api.model.Message;

/**
 * A call the dispatcher has checked: its class and message from the model, its arguments (after
 * the session) coerced to the message's types, the caller's session (null for login) and origin.
 */
public record Call(String cls, Message message, List<Object> args, String session, Origin origin) {
    public Object arg(int i) {
        return args.get(i);
    }

    public String ref(int i) {
        return (String) args.get(i);
    }

    public String method() {
        return cls + "." + message.name();
    }
}
