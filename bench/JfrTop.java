import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Summarizes the CPU samples ({@code jdk.ExecutionSample}) of a JFR recording: by thread pool, by library (self: the
 * innermost frame of a known library; inclusive: every library with a frame on the stack, so shares overlap), the
 * hottest top frames, and the innermost {@code io.switchboard} method of each sample. Usage: {@code java bench/JfrTop.java recording.jfr}.
 */
public class JfrTop {

    static final Map<String, String> LIBRARIES = new LinkedHashMap<>();
    static {
        LIBRARIES.put("io.switchboard.", "switchboard (hub code)");
        LIBRARIES.put("org.hibernate.", "Hibernate ORM");
        LIBRARIES.put("org.postgresql.", "PostgreSQL JDBC driver");
        LIBRARIES.put("io.agroal.", "Agroal pool");
        LIBRARIES.put("com.arjuna.", "Narayana JTA");
        LIBRARIES.put("io.quarkus.narayana.", "Narayana JTA");
        LIBRARIES.put("com.fasterxml.jackson.", "Jackson");
        LIBRARIES.put("org.jboss.resteasy.", "RESTEasy Reactive");
        LIBRARIES.put("io.vertx.", "Vert.x");
        LIBRARIES.put("io.netty.", "Netty");
        LIBRARIES.put("io.quarkus.arc.", "ArC (CDI)");
        LIBRARIES.put("io.micrometer.", "Micrometer");
        LIBRARIES.put("com.github.f4b6a3.ulid.", "ULID ids");
        LIBRARIES.put("sun.security.provider.", "SecureRandom");
    }

    public static void main(String[] args) throws Exception {
        int limit = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> libraries = new HashMap<>();
        Map<String, Integer> top = new HashMap<>();
        Map<String, Integer> hub = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(Path.of(args[0]))) {
            if (!event.getEventType().getName().equals("jdk.ExecutionSample") || event.getStackTrace() == null) {
                continue;
            }
            samples++;
            String thread = event.getThread("sampledThread") == null ? "?"
                    : event.getThread("sampledThread").getJavaName();
            threads.merge(thread == null ? "?" : thread.replaceAll("\\d+", "N"), 1, Integer::sum);
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (!frames.isEmpty()) {
                top.merge(name(frames.get(0)), 1, Integer::sum);
                String library = "JDK and other";
                for (RecordedFrame frame : frames) {
                    String found = library(frame.getMethod().getType().getName());
                    if (found != null) {
                        library = found;
                        break;
                    }
                }
                self.merge(library, 1, Integer::sum);
            }
            Set<String> seen = new LinkedHashSet<>();
            String innermost = null;
            for (RecordedFrame frame : frames) {
                String type = frame.getMethod().getType().getName();
                String library = library(type);
                // Netty and Vert.x are the base of every request thread's stack: inclusive counts would say nothing.
                if (library != null && !library.equals("Netty") && !library.equals("Vert.x")) {
                    seen.add(library);
                }
                if (innermost == null && type.startsWith("io.switchboard.") && !type.contains("_Subclass")
                        && !type.contains("_ClientProxy") && !type.contains("_Bean")) {
                    innermost = name(frame);
                }
            }
            seen.forEach(library -> libraries.merge(library, 1, Integer::sum));
            if (innermost != null) {
                hub.merge(innermost, 1, Integer::sum);
            }
        }
        System.out.println("    " + samples + " CPU samples");
        print("by thread", threads, samples, 6);
        print("by library of the innermost known frame (self time; JDK code is charged to its caller)", self,
                samples, 20);
        print("by library anywhere on the stack (inclusive, overlapping)", libraries, samples, 20);
        print("top frames", top, samples, limit);
        print("innermost io.switchboard method", hub, samples, limit);
    }

    static String library(String type) {
        for (Map.Entry<String, String> entry : LIBRARIES.entrySet()) {
            if (type.startsWith(entry.getKey())) {
                return entry.getValue();
            }
        }
        return null;
    }

    static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    static void print(String title, Map<String, Integer> counts, int total, int limit) {
        System.out.println("  " + title + ":");
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        entries.stream().limit(limit).forEach(e -> System.out.printf("    %5.1f%%  %s%n",
                100.0 * e.getValue() / Math.max(1, total), e.getKey()));
    }
}
