package io.sendzen.logs;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The feature packages depend on each other in one direction only: no import cycle among them. */
class ArchitectureTest {

    private static final Path SOURCES = Path.of("src/main/java/io/sendzen/logs");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?io\\.sendzen\\.logs\\.([a-z]+)\\.",
            Pattern.MULTILINE);

    /** For each top-level package, the other top-level packages its classes import. */
    private static Map<String, Set<String>> dependencies() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Path relative = SOURCES.relativize(file);
                if (relative.getNameCount() < 2) {
                    continue;
                }
                String owner = relative.getName(0).toString();
                Set<String> uses = graph.computeIfAbsent(owner, k -> new TreeSet<>());
                Matcher m = IMPORT.matcher(Files.readString(file));
                while (m.find()) {
                    if (!m.group(1).equals(owner)) {
                        uses.add(m.group(1));
                    }
                }
            }
        }
        return graph;
    }

    @Test
    void theFeaturePackagesHaveNoImportCycle() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertTrue(graph.keySet().containsAll(Set.of("ingest", "store", "logs", "flyout", "projects", "shared")),
                graph.keySet().toString());
        List<String> cycles = new ArrayList<>();
        for (String start : graph.keySet()) {
            findCycle(graph, start, new ArrayList<>(List.of(start)), cycles);
        }
        assertEquals(List.of(), cycles, "dependencies: " + graph);
    }

    @Test
    void sharedAndStoreDependOnNoFeature() throws IOException {
        Map<String, Set<String>> graph = dependencies();
        assertEquals(Set.of(), graph.get("shared"));
        assertEquals(Set.of("shared"), graph.get("store"));
    }

    private static void findCycle(Map<String, Set<String>> graph, String at, List<String> path, List<String> cycles) {
        for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
            if (next.equals(at)) {
                cycles.add(String.join(" -> ", path) + " -> " + at);
            } else if (!path.contains(next) && next.compareTo(at) > 0) {
                path.add(next);
                findCycle(graph, at, path, cycles);
                path.remove(path.size() - 1);
            }
        }
    }
}
