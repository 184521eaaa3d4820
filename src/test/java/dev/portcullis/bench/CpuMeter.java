package dev.portcullis.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Where the machine's CPU went during one measured run, as Keycloak's {@code run-load.sh} reports
 * it: the server process, the load generator (this JVM), the database (every process named
 * {@code postgres}; 0 for embedded H2, which runs inside the server), and the rest of the machine.
 * A run where "other" is more than a few percent was disturbed by something else and should be
 * repeated. Read from {@code /proc}; on other systems every figure is -1.
 */
final class CpuMeter {

    /** Percent of one core, as {@code top} shows it: 200 % is both cores of a two-core machine. */
    record Split(double server, double loadGenerator, double database, double other, double machineBusy) {

        static final Split UNKNOWN = new Split(-1, -1, -1, -1, -1);

        String describe() {
            if (machineBusy < 0) {
                return "not measured";
            }
            return String.format(Locale.ROOT, "server %.0f %%, load gen %.0f %%, database %.0f %%, other %.0f %% (machine %.0f %% of %d00 %%)",
                    server, loadGenerator, database, other, machineBusy, Runtime.getRuntime().availableProcessors());
        }
    }

    private record Snapshot(long nanos, long serverTicks, long ownTicks, long databaseTicks, long machineBusyTicks) {
    }

    private static final double TICKS_PER_SECOND = 100.0; // USER_HZ on Linux

    private final long serverPid;
    private Snapshot start;

    CpuMeter(long serverPid) {
        this.serverPid = serverPid;
    }

    void start() {
        start = snapshot();
    }

    Split stop() {
        Snapshot end = snapshot();
        if (start == null || end == null) {
            return Split.UNKNOWN;
        }
        double seconds = (end.nanos - start.nanos) / 1e9;
        double server = percent(end.serverTicks - start.serverTicks, seconds);
        // In the in-process smoke run the server is this JVM: count it once, as the server.
        double own = serverPid == ProcessHandle.current().pid() ? 0 : percent(end.ownTicks - start.ownTicks, seconds);
        double database = percent(end.databaseTicks - start.databaseTicks, seconds);
        double busy = percent(end.machineBusyTicks - start.machineBusyTicks, seconds);
        return new Split(server, own, database, Math.max(0, busy - server - own - database), busy);
    }

    private static double percent(long ticks, double seconds) {
        return 100.0 * ticks / TICKS_PER_SECOND / seconds;
    }

    private Snapshot snapshot() {
        try {
            return new Snapshot(System.nanoTime(), processTicks(serverPid), processTicks(ProcessHandle.current().pid()),
                    databaseTicks(), machineBusyTicks());
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** utime + stime of one process, fields 14 and 15 of /proc/pid/stat (after the command name). */
    static long processTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    private static long databaseTicks() throws IOException {
        long ticks = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path p : (Iterable<Path>) processes::iterator) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(p.resolve("stat"));
                    String comm = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    if (comm.equals("postgres") || comm.startsWith("postgres:")) {
                        ticks += processTicks(Long.parseLong(name));
                    }
                } catch (IOException | RuntimeException gone) {
                    // the process ended between listing and reading
                }
            }
        }
        return ticks;
    }

    /** All non-idle time of the machine, from the first line of /proc/stat. */
    private static long machineBusyTicks() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
        String[] f = lines.get(0).trim().split("\\s+");
        long busy = 0;
        for (int i = 1; i < f.length && i <= 8; i++) {
            if (i != 4 && i != 5) { // idle, iowait
                busy += Long.parseLong(f[i]);
            }
        }
        return busy;
    }
}
