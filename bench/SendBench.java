import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The send benchmark's two halves (bench/send.sh runs them): {@code fake PORT_FILE DELAY_MS} is a stand-in Cloud API
 * on loopback that answers each send after DELAY_MS and writes its own time for the answer into the message id;
 * {@code load BASE TOKEN FROM RATE SECONDS} sends at a fixed rate and prints, per send, what the service added to
 * the fake's own time: its answer time minus the time in the message id.
 */
public class SendBench {

    private static final Pattern CONTENT_LENGTH = Pattern.compile("(?i)\r\ncontent-length: *([0-9]+)\r\n");
    private static final Pattern MESSAGE_ID = Pattern.compile("\"message_id\":\"wamid\\.BENCH([0-9]+)X[0-9]+\"");

    public static void main(String[] args) throws Exception {
        if (args[0].equals("fake")) {
            fake(Path.of(args[1]), Long.parseLong(args[2]));
        } else {
            load(args[1], args[2], args[3], Integer.parseInt(args[4]), Integer.parseInt(args[5]));
        }
    }

    /**
     * One blocking thread per connection (the service keeps its connections open): the fake's own time runs from
     * the moment a request is read whole to the moment its answer is written, with nothing of its own in between.
     */
    static void fake(Path portFile, long delayMs) throws Exception {
        ServerSocket server = new ServerSocket(0, 1024, InetAddress.getLoopbackAddress());
        AtomicLong ids = new AtomicLong();
        Files.writeString(portFile, Integer.toString(server.getLocalPort()));
        while (true) {
            Socket socket = server.accept();
            socket.setTcpNoDelay(true);
            Thread connection = new Thread(() -> {
                try (socket) {
                    InputStream in = new BufferedInputStream(socket.getInputStream());
                    OutputStream out = socket.getOutputStream();
                    while (true) {
                        readMessage(in);
                        long start = System.nanoTime();
                        if (delayMs > 0) {
                            Thread.sleep(delayMs);
                        }
                        // the id carries the fake's own time for this answer, in microseconds, and a sequence to
                        // keep it unique
                        long micros = (System.nanoTime() - start) / 1000;
                        String id = "wamid.BENCH" + micros + "X" + ids.incrementAndGet();
                        byte[] body = ("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"16505551234\","
                                + "\"wa_id\":\"16505551234\"}],\"messages\":[{\"id\":\"" + id + "\"}]}")
                                .getBytes(StandardCharsets.UTF_8);
                        out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                                + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException | InterruptedException e) {
                    // the service closed the connection
                }
            });
            connection.setDaemon(true);
            connection.start();
        }
    }

    /**
     * Sends at a fixed rate over plain keep-alive sockets, one blocking thread per connection, each with its own
     * share of the schedule: far less CPU per send than the JDK's HttpClient, which took more of the machine than
     * the service it measured. Each send's time runs from when it was due, so that a send kept waiting by the one
     * before it on its connection counts against the service too.
     */
    static void load(String base, String token, String from, int rate, int seconds) throws Exception {
        URI uri = URI.create(base);
        byte[] body = ("{\"from\":\"" + from + "\",\"to\":\"16505551234\",\"type\":\"text\",\"text\":{\"body\":"
                + "\"benchmark\"}}").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("POST /v1/messages HTTP/1.1\r\nHost: " + uri.getHost() + ":" + uri.getPort()
                + "\r\nAuthorization: Bearer " + token + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        int count = rate * seconds;
        long[] added = new long[count];
        long[] total = new long[count];
        AtomicInteger answered = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        int connections = Math.max(16, rate / 10);
        long periodNanos = 1_000_000_000L / rate;
        long began = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(100);
        List<Thread> senders = new ArrayList<>();
        for (int c = 0; c < connections; c++) {
            int first = c;
            // connection c sends sends c, c + connections, c + 2 connections...: each when it is due, with no
            // thread handing it over
            Thread sender = new Thread(() -> {
                Socket socket = null;
                InputStream in = null;
                for (int send = first; send < count; send += connections) {
                    long dueAt = began + send * periodNanos;
                    long wait;
                    while ((wait = dueAt - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    try {
                        if (socket == null) {
                            socket = new Socket(uri.getHost(), uri.getPort());
                            socket.setTcpNoDelay(true);
                            in = new BufferedInputStream(socket.getInputStream());
                        }
                        socket.getOutputStream().write(request);
                        String answer = readMessage(in);
                        long micros = (System.nanoTime() - dueAt) / 1000;
                        Matcher id = MESSAGE_ID.matcher(answer);
                        if (!answer.startsWith("HTTP/1.1 200") || !id.find()) {
                            errors.incrementAndGet();
                            continue;
                        }
                        int i = answered.getAndIncrement();
                        total[i] = micros;
                        added[i] = micros - Long.parseLong(id.group(1));
                    } catch (IOException e) {
                        errors.incrementAndGet();
                        try {
                            if (socket != null) {
                                socket.close();
                            }
                        } catch (IOException ignored) {
                            // a new connection is opened for the next send
                        }
                        socket = null;
                    }
                }
            });
            sender.setDaemon(true);
            sender.start();
            senders.add(sender);
        }
        for (Thread sender : senders) {
            sender.join();
        }
        double elapsed = (System.nanoTime() - began) / 1e9;
        int n = answered.get();
        long[] totals = Arrays.copyOf(total, n);
        long[] adds = Arrays.copyOf(added, n);
        System.out.printf("sends %d in %.1f s (%.0f/s) over %d connections, errors %d%n", n, elapsed, n / elapsed,
                connections, errors.get());
        System.out.printf("answer time (ms): p50 %.2f, p99 %.2f, max %.2f%n", pct(totals, 50), pct(totals, 99),
                pct(totals, 100));
        System.out.printf("added by the service (answer - fake's own time, ms): p50 %.2f, p90 %.2f, p99 %.2f, "
                + "max %.2f%n", pct(adds, 50), pct(adds, 90), pct(adds, 99), pct(adds, 100));
        System.exit(0);
    }

    /** One HTTP/1.1 request or answer with a Content-Length, as text (head and body). */
    private static String readMessage(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while ((b = in.read()) >= 0) {
            head.append((char) b);
            if (b == '\n' && head.length() >= 4 && head.charAt(head.length() - 3) == '\n') {
                break;
            }
        }
        if (b < 0) {
            throw new EOFException("connection closed");
        }
        Matcher length = CONTENT_LENGTH.matcher(head);
        if (!length.find()) {
            throw new IOException("no Content-Length");
        }
        byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
        return head + new String(body, StandardCharsets.UTF_8);
    }

    private static double pct(long[] values, int p) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.ceil(p / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1000.0;
    }
}
