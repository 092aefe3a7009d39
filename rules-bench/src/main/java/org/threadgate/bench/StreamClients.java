package org.threadgate.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Recipient;

/**
 * One streamed batch of {@code count} recipients, written to a file once, sent to {@code serve -Xmx512m} by the clients
 * people use: curl reading while it sends ({@code -T}), and the clients that send the whole body before they read
 * (curl {@code --data-binary @file}, Python {@code requests} and {@code urllib}, the JDK {@code HttpClient}). Each
 * answer is checked by its line count and its summary.
 */
final class StreamClients {
    private StreamClients() {
    }

    static void run(long count) throws Exception {
        Path request = Files.createTempFile("threadgate-batch", ".ndjson");
        Path answer = Files.createTempFile("threadgate-answer", ".ndjson");
        CampaignRequest campaign = Measure.goodCampaign();
        try (BufferedWriter out = Files.newBufferedWriter(request, StandardCharsets.UTF_8)) {
            out.write(BenchJson.campaign(campaign));
            out.write('\n');
            Iterator<Recipient> recipients = Measure.generated(campaign.business().id(), count);
            while (recipients.hasNext()) {
                out.write(BenchJson.recipient(recipients.next()));
                out.write('\n');
            }
        }
        Path log = Files.createTempFile("threadgate-clients", ".log");
        Path data = ServiceProcess.tempDir("threadgate-data");
        try (ServiceProcess service = ServiceProcess.start(Measure.JAR, "512m", log, "--data", data.toString())) {
            service.awaitPort(60_000);
            Measure.awaitReady(service.port);
            String url = "http://127.0.0.1:" + service.port + "/v1/decisions/delivery/batch";
            String file = request.toString();
            String out = answer.toString();
            List<List<String>> clients = List.of(
                    List.of("curl -T - (reads while it sends)", "sh", "-c", "curl -sS -X POST -T - -H"
                            + " 'Content-Type: application/x-ndjson' '" + url + "' < '" + file + "' > '" + out + "'"),
                    List.of("curl --data-binary @file", "curl", "-sS", "--data-binary", "@" + file, "-H",
                            "Content-Type: application/x-ndjson", "-o", out, url),
                    List.of("Python requests", "python3", "-c", "import requests,sys\n"
                            + "r=requests.post(sys.argv[1],data=open(sys.argv[2],'rb'),"
                            + "headers={'Content-Type':'application/x-ndjson'},stream=True)\n"
                            + "o=open(sys.argv[3],'wb')\nfor c in r.iter_content(65536): o.write(c)\n", url, file, out),
                    List.of("Python urllib", "python3", "-c", "import urllib.request,sys,os,shutil\n"
                            + "q=urllib.request.Request(sys.argv[1],data=open(sys.argv[2],'rb'),headers={"
                            + "'Content-Type':'application/x-ndjson','Content-Length':str(os.path.getsize(sys.argv[2]))})\n"
                            + "shutil.copyfileobj(urllib.request.urlopen(q),open(sys.argv[3],'wb'),65536)\n",
                            url, file, out),
                    List.of("JDK HttpClient", "jdk"));
            // the first run warms the service's JIT up; it is not reported
            new ProcessBuilder(clients.get(0).subList(1, clients.get(0).size())).inheritIO().start().waitFor();
            for (List<String> client : clients) {
                Files.deleteIfExists(answer);
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong peakHeap = new AtomicLong();
                Thread sampler = new Thread(() -> Measure.sampleHeap(service.port, running, peakHeap), "heap");
                sampler.start();
                long start = System.nanoTime();
                if (client.get(1).equals("jdk")) {
                    HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                            .header("Content-Type", "application/x-ndjson")
                            .POST(HttpRequest.BodyPublishers.ofFile(request)).build(),
                            HttpResponse.BodyHandlers.ofFile(answer));
                } else {
                    Process p = new ProcessBuilder(client.subList(1, client.size())).inheritIO().start();
                    if (p.waitFor() != 0) {
                        throw new IllegalStateException(client.get(0) + " exited with " + p.exitValue());
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                running.set(false);
                sampler.join();
                String check = check(answer, count);
                System.out.printf(Locale.ROOT, "streamed batch, %s: %,d recipients in %.2f s = %,.0f recipients/s;"
                        + " service peak heap %.0f MB; answer %s%n", client.get(0), count, seconds, count / seconds,
                        peakHeap.get() / 1e6, check);
            }
        } finally {
            Files.deleteIfExists(request);
            Files.deleteIfExists(answer);
        }
    }

    /** The answer's line count and summary, or an exception when they are not those of {@code count} recipients. */
    private static String check(Path answer, long count) throws IOException {
        long lines = 0;
        try (var in = Files.newInputStream(answer)) {
            byte[] buffer = new byte[1 << 16];
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                    }
                }
            }
        }
        String last;
        try (RandomAccessFile file = new RandomAccessFile(answer.toFile(), "r")) {
            long from = Math.max(0, file.length() - 4_096);
            byte[] tail = new byte[(int) (file.length() - from)];
            file.seek(from);
            file.readFully(tail);
            String text = new String(tail, StandardCharsets.UTF_8).strip();
            last = text.substring(text.lastIndexOf('\n') + 1);
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"deliver\":(\\d+),\"suppress\":(\\d+)")
                .matcher(last);
        if (lines != count + 1 || !m.find() || Long.parseLong(m.group(1)) + Long.parseLong(m.group(2)) != count) {
            throw new IllegalStateException("wrong answer: " + lines + " lines, last " + last);
        }
        return (count + 1) + " lines, summary deliver " + m.group(1) + " + suppress " + m.group(2);
    }
}
