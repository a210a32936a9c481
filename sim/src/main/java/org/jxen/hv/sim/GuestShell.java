package org.jxen.hv.sim;

import java.util.List;

/**
 * The root shell on a simulated guest's console: what a line typed at it prints, the line itself
 * first (the prompt and the tty's echo), so that a toolstack's console client sees a live guest.
 * A few commands answer as on a Debian guest; anything else is not found, as sh says.
 */
record GuestShell(String hostname, String kernelRelease) {
    static final String PROMPT = "root@%s:~# ";

    List<String> run(String line) {
        String echo = PROMPT.formatted(hostname) + line;
        String command = line.strip();
        String word = command.split("\\s+", 2)[0];
        return switch (word) {
            case "" -> List.of(echo);
            case "uname" -> List.of(echo, command.equals("uname -a")
                    ? "Linux " + hostname + " " + kernelRelease + " #1 SMP PREEMPT_DYNAMIC x86_64 GNU/Linux" : "Linux");
            case "hostname" -> List.of(echo, hostname);
            case "echo" -> List.of(echo, command.length() > 4 ? command.substring(5).strip() : "");
            case "true" -> List.of(echo);
            default -> List.of(echo, "-sh: 1: " + word + ": not found");
        };
    }
}
