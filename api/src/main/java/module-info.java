/** XenAPI as XAPI speaks it: the object model, the wire codecs (XML-RPC, JSON-RPC) and a client. */
module org.jxen.api {
    requires com.fasterxml.jackson.databind;
    requires java.net.http;
    requires java.xml;

    exports org.jxen.api;
    exports org.jxen.api.model;
    exports org.jxen.api.client;
}
