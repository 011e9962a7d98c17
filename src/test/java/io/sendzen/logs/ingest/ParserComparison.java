package io.sendzen.logs.ingest;

import io.sendzen.logs.support.Meta;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RawJson against Jackson's streaming parser on the bodies Meta sends: checks that both build the same tree, then
 * times each in alternating rounds (same JVM, same warm-up) and prints ns per body and the ratio. A benchmark run
 * by hand (see BENCHMARKS.md), not a test.
 */
public final class ParserComparison {

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        List<String[]> bodies = List.of(
                new String[]{"one status (the ingest bench's body)", Meta.statuses("1701", "106540352242922",
                        Meta.status(Meta.wamid(), "delivered", "16505551234"))},
                new String[]{"one incoming text message", Meta.envelope("1701", Meta.messagesChange("106540352242922",
                        "\"contacts\":[{\"profile\":{\"name\":\"Kerry Fisher\"},\"wa_id\":\"16315551234\"}],"
                                + "\"messages\":[{\"from\":\"16315551234\",\"id\":\"" + Meta.wamid()
                                + "\",\"timestamp\":\"1704067200\",\"text\":{\"body\":\"Hello, caf\\u00e9 \\ud83d\\ude00 ok\"},\"type\":\"text\"}]"))},
                new String[]{"100 statuses in one delivery", hundred()});
        System.out.println("parser comparison: " + rounds + " rounds, each 2 s per parser per body, alternating");
        for (String[] named : bodies) {
            byte[] body = named[1].getBytes(StandardCharsets.UTF_8);
            if (!RawJson.parse(body).equals(JacksonNodes.parse(body))) {
                throw new AssertionError("the two parsers built different trees for " + named[0]);
            }
            long[] raw = new long[rounds];
            long[] jackson = new long[rounds];
            for (int r = -2; r < rounds; r++) {          // two rounds of warm-up
                long a = time(body, true);
                long b = time(body, false);
                if (r >= 0) {
                    raw[r] = a;
                    jackson[r] = b;
                }
            }
            java.util.Arrays.sort(raw);
            java.util.Arrays.sort(jackson);
            long rawMedian = raw[rounds / 2];
            long jacksonMedian = jackson[rounds / 2];
            System.out.printf(Locale.ROOT, "RESULT %-40s %6d bytes  RawJson %8d ns  Jackson %8d ns  Jackson/RawJson %.2f%n",
                    named[0], body.length, rawMedian, jacksonMedian, (double) jacksonMedian / rawMedian);
        }
    }

    private static String hundred() {
        String[] statuses = new String[100];
        for (int i = 0; i < statuses.length; i++) {
            statuses[i] = Meta.status(Meta.wamid(), "delivered", "16505551234");
        }
        return Meta.statuses("1701", "106540352242922", statuses);
    }

    /** Median-friendly: the mean ns per parse over 2 s. */
    private static long time(byte[] body, boolean raw) throws Exception {
        long deadline = System.nanoTime() + 2_000_000_000L;
        long n = 0;
        long sink = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 100; i++) {
                RawJson.Node node = raw ? RawJson.parse(body) : JacksonNodes.parse(body);
                sink += node.end();
            }
            n += 100;
        }
        long elapsed = System.nanoTime() - start;
        if (sink == 42) {
            System.out.print("");
        }
        return elapsed / n;
    }
}
