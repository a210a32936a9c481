package org.jxen.daemon.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web console's files, from the classpath under {@code org/jxen/daemon/web/}, on GET and HEAD:
 * {@code /} is {@code index.html}, {@code /app/NAME} is {@code app/NAME} (the console's own scripts
 * and styles), {@code /vendor/NAME} is {@code vendor/NAME} (the browser libraries the build copies
 * from npm: scripts/web-vendor). Every other method and path goes on to the next handler, so
 * {@code POST /} stays XML-RPC; a name under {@code /app/} or {@code /vendor/} that is not there is
 * 404, and one with {@code ..}, {@code %} or a segment starting with a dot is refused with 400
 * before anything is looked up.
 *
 * <p>Files are read once, when first asked for, and kept in memory with their ETag (they are small).
 * Each answer says {@code Cache-Control: no-cache}: the browser keeps its copy and asks again with
 * {@code If-None-Match}, which is answered 304 while the file is unchanged. The page comes with a
 * Content-Security-Policy allowing only jxend's own origin (inline styles, which uPlot sets, and
 * {@code data:} images aside) and no framing.
 */
public final class WebConsole extends Handler.Abstract {
    static final String ROOT = "/org/jxen/daemon/web/";
    static final String CSP = "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
            + " connect-src 'self'; frame-ancestors 'none'";
    /** The names served: plain segments of letters, digits, {@code - _ .}, none starting with a dot. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*(/[A-Za-z0-9_-][A-Za-z0-9._-]*)*");
    private static final String NO_EXTENSION = "text/plain; charset=utf-8";

    /** A file as served: its bytes, type and strong ETag. */
    record Asset(byte[] bytes, String type, String etag) {
        boolean html() {
            return type.startsWith("text/html");
        }
    }

    /** The files found so far (only those: names asked for in vain are not kept, so they cannot fill memory). */
    private final Map<String, Asset> assets = new ConcurrentHashMap<>();

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        boolean head = method.equals("HEAD");
        if (!head && !method.equals("GET")) {
            return false;
        }
        String path = request.getHttpURI().getPath(); // as sent: %-escapes and dot segments not yet undone
        String name;
        if (path.equals("/")) {
            name = "index.html";
        } else if (path.startsWith("/app/") || path.startsWith("/vendor/")) {
            name = path.substring(1);
            String within = name.substring(name.indexOf('/') + 1);
            if (!NAME.matcher(within).matches()) {
                Response.writeError(request, response, callback, HttpStatus.BAD_REQUEST_400,
                        "the web console's files are named with letters, digits, - _ . and /, no segment starting"
                                + " with a dot and no %-escapes");
                return true;
            }
        } else {
            return false;
        }
        Optional<Asset> found = asset(name);
        if (found.isEmpty()) {
            if (name.equals("index.html")) {
                return false;
            }
            Response.writeError(request, response, callback, HttpStatus.NOT_FOUND_404, "no such file: " + path);
            return true;
        }
        Asset asset = found.get();
        var headers = response.getHeaders();
        headers.put(HttpHeader.ETAG, asset.etag());
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("Referrer-Policy", "no-referrer");
        if (asset.html()) {
            headers.put("Content-Security-Policy", CSP);
        }
        if (matches(request.getHeaders().get(HttpHeader.IF_NONE_MATCH), asset.etag())) {
            response.setStatus(HttpStatus.NOT_MODIFIED_304);
            response.write(true, null, callback);
            return true;
        }
        response.setStatus(HttpStatus.OK_200);
        headers.put(HttpHeader.CONTENT_TYPE, asset.type());
        headers.put(HttpHeader.CONTENT_LENGTH, asset.bytes().length);
        response.write(true, head ? null : ByteBuffer.wrap(asset.bytes()), callback);
        return true;
    }

    /** The file {@code name} under {@link #ROOT}, read on the first call and kept. */
    Optional<Asset> asset(String name) {
        Asset kept = assets.get(name);
        if (kept != null) {
            return Optional.of(kept);
        }
        Optional<Asset> loaded = load(name);
        loaded.ifPresent(a -> assets.putIfAbsent(name, a));
        return loaded;
    }

    private static Optional<Asset> load(String name) {
        try (InputStream in = WebConsole.class.getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            return Optional.of(new Asset(bytes, type(name), etag(bytes)));
        } catch (IOException e) {
            throw new UncheckedIOException("web console: cannot read " + ROOT + name, e);
        }
    }

    /** The Content-Type for a file name, by its extension; one without (the vendored LICENSE-*) is text. */
    static String type(String name) {
        int dot = name.lastIndexOf('.');
        String extension = dot > name.lastIndexOf('/') ? name.substring(dot + 1) : "";
        return switch (extension) {
            case "html" -> "text/html; charset=utf-8";
            case "js", "mjs" -> "text/javascript; charset=utf-8";
            case "css" -> "text/css; charset=utf-8";
            case "", "txt" -> "text/plain; charset=utf-8";
            case "json", "map" -> "application/json";
            case "svg" -> "image/svg+xml";
            case "png" -> "image/png";
            case "ico" -> "image/x-icon";
            case "woff2" -> "font/woff2";
            default -> "application/octet-stream";
        };
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 16)) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JDK has SHA-256", e);
        }
    }

    /** Whether an If-None-Match header names {@code etag} (weak comparison, as RFC 9110 asks for it). */
    static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.strip();
            if (t.equals("*") || (t.startsWith("W/") ? t.substring(2) : t).equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
