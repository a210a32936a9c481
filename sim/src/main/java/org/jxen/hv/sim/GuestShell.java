package org.jxen.hv.sim;

import java.util.List;

/**
 * The root shell on a simulated guest's console, logged in by getty as on a Debian guest whose
 * hvc0 getty logs root in automatically: its banner, its prompt, and what a line typed at it
 * prints, so that a toolstack's console client sees a live guest. A few commands answer as on
 * Debian; anything else is not found, as sh says.
 */
record GuestShell(String hostname, String kernelRelease) {
    /** What getty prints on the console before the shell's first prompt. */
    List<String> banner() {
        return List.of("", "Debian GNU/Linux 12 " + hostname + " hvc0", "",
                hostname + " login: root (automatic login)", "");
    }

    String prompt() {
        return "root@" + hostname + ":~# ";
    }

    /** What the command {@code line} prints. */
    List<String> run(String line) {
        String command = line.strip();
        String word = command.split("\\s+", 2)[0];
        return switch (word) {
            case "", "true" -> List.of();
            case "uname" -> List.of(command.equals("uname -a")
                    ? "Linux " + hostname + " " + kernelRelease + " #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux" : "Linux");
            case "hostname" -> List.of(hostname);
            case "echo" -> List.of(command.length() > 4 ? command.substring(5).strip() : "");
            default -> List.of("-sh: 1: " + word + ": not found");
        };
    }
}
