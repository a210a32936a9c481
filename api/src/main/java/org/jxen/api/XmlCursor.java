package org.jxen.api;

import static javax.xml.stream.XMLStreamConstants.CDATA;
import static javax.xml.stream.XMLStreamConstants.CHARACTERS;
import static javax.xml.stream.XMLStreamConstants.DTD;
import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.ENTITY_REFERENCE;
import static javax.xml.stream.XMLStreamConstants.SPACE;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;

import java.io.ByteArrayInputStream;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A hardened walk over an XML document's events with the JDK's StAX parser: no DOCTYPE (so no
 * entities, external or expanding), XML 1.0 only, adjacent text coalesced, elements nested at most
 * as deep as asked, names matched without their namespace prefix. Every failure, the parser's own
 * included, is an {@link RpcParseException} starting with what is read and the line:column.
 */
final class XmlCursor {
    private final XMLStreamReader xml;
    private final String what;

    /**
     * The parser's settings, made once: a factory costs a tenth of a small call's time to make, and
     * the JDK's makes a new reader for every document and only reads its settings after, so one
     * serves every thread.
     */
    static XMLInputFactory factory(int maxElementDepth) {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty("jdk.xml.maxElementDepth", maxElementDepth);
        // With no DTD the only entities are XML's five and character references, as long as the body
        // they are in: the JDK's caps on their total (100,000 since JDK 24) would refuse a long
        // description full of quotes, or a reply of every VM's record.
        factory.setProperty("jdk.xml.maxGeneralEntitySizeLimit", 0);
        factory.setProperty("jdk.xml.totalEntitySizeLimit", 0);
        factory.setProperty("jdk.xml.entityExpansionLimit", 0);
        return factory;
    }

    XmlCursor(byte[] body, String what, XMLInputFactory factory) throws RpcParseException {
        this.what = what;
        if (body.length == 0) {
            throw new RpcParseException(what + ": the body is empty");
        }
        try {
            xml = factory.createXMLStreamReader(new ByteArrayInputStream(body));
        } catch (XMLStreamException e) {
            throw new RpcParseException(what + ": not XML: " + withoutLocation(e.getMessage()), e);
        }
        if ("1.1".equals(xml.getVersion())) {
            throw error("XML 1.1 is not allowed: its control characters (&#1; and the like) cannot be written back"
                    + " in XML 1.0, which XML-RPC is");
        }
    }

    /** The next event; a DOCTYPE or an entity reference is refused. */
    int advance() throws RpcParseException {
        int event;
        try {
            event = xml.next();
        } catch (XMLStreamException e) {
            throw error(e.getLocation(), withoutLocation(e.getMessage()), e);
        } catch (RuntimeException e) {
            // the JDK parser reports some broken input (bad encodings, limits) this way
            throw error(null, e.toString(), e);
        }
        if (event == DTD) {
            throw error("a DOCTYPE is not allowed (XML-RPC has none, and its entities could read files or"
                    + " expand without bound)");
        }
        if (event == ENTITY_REFERENCE) {
            throw error("the entity reference &" + xml.getLocalName() + "; is not allowed");
        }
        return event;
    }

    /** Moves to the next start tag, end tag or end of document, skipping whitespace, comments and PIs. */
    int nextTag() throws RpcParseException {
        while (true) {
            int event = advance();
            if (event == START_ELEMENT || event == END_ELEMENT || event == END_DOCUMENT) {
                return event;
            }
            if (isText(event) && !xml.isWhiteSpace()) {
                throw error("unexpected text " + quote(xml.getText()));
            }
        }
    }

    /** The text of the current element, up to its end tag (comments skipped, elements refused). */
    String text(String element) throws RpcParseException {
        StringBuilder text = new StringBuilder();
        while (true) {
            int event = advance();
            if (isText(event)) {
                text.append(xml.getText());
            } else if (event == START_ELEMENT || event == END_DOCUMENT) {
                throw error("<" + element + "> holds only text, found " + found(event));
            } else if (event == END_ELEMENT) {
                return text.toString();
            }
        }
    }

    void expectStart(String name) throws RpcParseException {
        require(nextTag(), name, "<" + name + ">");
    }

    void expectEnd(String name) throws RpcParseException {
        int event = nextTag();
        if (event != END_ELEMENT || !xml.getLocalName().equals(name)) {
            throw error("expected </" + name + ">, found " + found(event));
        }
    }

    void expectEndOfDocument() throws RpcParseException {
        int event = nextTag();
        if (event != END_DOCUMENT) {
            throw error("expected the end of the document, found " + found(event));
        }
    }

    /** Refuses {@code event} unless it is the start tag {@code name}. */
    void require(int event, String name, String expected) throws RpcParseException {
        if (!isStart(event, name)) {
            throw error("expected " + expected + ", found " + found(event));
        }
    }

    boolean isStart(int event, String name) {
        return event == START_ELEMENT && xml.getLocalName().equals(name);
    }

    /** The current element's name, without prefix. */
    String name() {
        return xml.getLocalName();
    }

    /** The current text event's text. */
    String eventText() {
        return xml.getText();
    }

    static boolean isText(int event) {
        return event == CHARACTERS || event == CDATA || event == SPACE;
    }

    RpcParseException error(String message) {
        return error(xml.getLocation(), message, null);
    }

    private RpcParseException error(Location location, String message, Throwable cause) {
        String where = location == null ? "" : " " + location.getLineNumber() + ":" + location.getColumnNumber();
        return new RpcParseException(what + where + ": " + message, cause);
    }

    private String found(int event) {
        return switch (event) {
            case START_ELEMENT -> "<" + xml.getLocalName() + ">";
            case END_ELEMENT -> "</" + xml.getLocalName() + ">";
            case END_DOCUMENT -> "the end of the document";
            default -> isText(event) ? "text " + quote(xml.getText()) : "XML event " + event;
        };
    }

    static String quote(String text) {
        String shown = text.length() > 40 ? text.substring(0, 40) + "..." : text;
        return "\"" + shown + "\"";
    }

    /** The JDK's message without its own "ParseError at [row,col]:[l,c]" line. */
    private static String withoutLocation(String message) {
        int at = message.indexOf("Message: ");
        return at < 0 ? message : message.substring(at + "Message: ".length());
    }
}
