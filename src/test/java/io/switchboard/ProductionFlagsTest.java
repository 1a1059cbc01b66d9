package io.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The hub's production JVM flags are given in three places: the README's run command, docker/Dockerfile's
 * entrypoint and bench/lib.sh (what the benchmarks measure). They must be the same flags.
 */
class ProductionFlagsTest {

    @Test
    void readmeDockerfileAndBenchmarksGiveTheSameJvmFlags() throws IOException {
        Matcher bench = Pattern.compile("(?m)^PRODUCTION_JAVA_OPTS=\"([^\"]+)\"$")
                .matcher(Files.readString(Path.of("bench/lib.sh")));
        assertTrue(bench.find(), "bench/lib.sh sets PRODUCTION_JAVA_OPTS");
        String flags = bench.group(1);
        assertTrue(flags.contains("-Xmx"), "the production flags choose a heap: " + flags);

        String readme = Files.readString(Path.of("README.md"));
        assertTrue(readme.contains("java " + flags + " -jar target/quarkus-app/quarkus-run.jar"),
                "README's run command gives " + flags);

        Matcher entrypoint = Pattern.compile("(?m)^ENTRYPOINT \\[\"java\", (.*), \"-jar\", \"/app/quarkus-run.jar\"\\]$")
                .matcher(Files.readString(Path.of("docker/Dockerfile")));
        assertTrue(entrypoint.find(), "docker/Dockerfile has a java -jar entrypoint");
        assertEquals(flags, entrypoint.group(1).replace("\"", "").replace(", ", " "));
    }
}
