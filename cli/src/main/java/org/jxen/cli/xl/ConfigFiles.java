package org.jxen.cli.xl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** An xl.cfg read for jxend (which reads it as xl does), failing in xl's words and with its exit status. */
final class ConfigFiles {
    private ConfigFiles() {
    }

    static String read(Path cfg) throws XlFailure {
        try {
            return Files.readString(cfg, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new XlFailure("Failed to read config file: " + cfg + ": No such file or directory", 3);
        } catch (IOException e) {
            throw new XlFailure("Failed to read config file: " + cfg + ": " + e.getMessage(), 3);
        }
    }
}
