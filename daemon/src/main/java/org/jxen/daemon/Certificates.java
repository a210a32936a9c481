package org.jxen.daemon;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jxen.daemon.http.ApiServer;

/**
 * jxend's TLS certificate: the one given, or a self-signed one made on the first start (as XAPI
 * makes its own) with the JDK's keytool, kept in the state directory with its password beside it,
 * both readable by root alone.
 */
final class Certificates {
    private Certificates() {
    }

    static ApiServer.Tls selfSigned(Path stateDir) throws IOException, InterruptedException {
        Path store = stateDir.resolve("jxend.p12");
        Path passwordFile = stateDir.resolve("jxend.p12.password");
        if (Files.exists(store) && Files.exists(passwordFile)) {
            return new ApiServer.Tls(store, Files.readString(passwordFile).strip());
        }
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        String host = InetAddress.getLocalHost().getHostName();
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(List.of(keytool.toString(), "-genkeypair", "-alias", "jxend", "-keyalg", "EC",
                "-groupname", "secp256r1", "-validity", "3650", "-dname", "CN=" + host,
                "-ext", "SAN=dns:" + host + ",dns:localhost,ip:127.0.0.1", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", password, "-keypass", password))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            Files.deleteIfExists(store);
            throw new IOException("keytool could not make jxend's certificate: " + output.strip());
        }
        Files.writeString(passwordFile, password + "\n");
        for (Path f : List.of(store, passwordFile)) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
        }
        return new ApiServer.Tls(store, password);
    }

    /** A key store the administrator gave, with its password in a file. */
    static ApiServer.Tls given(Path store, Path passwordFile) throws IOException {
        return new ApiServer.Tls(store, Files.readString(passwordFile).strip());
    }
}
