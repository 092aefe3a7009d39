package org.threadgate.facade.decisionlog;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.RecipientCodec;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.facade.json.Streaming;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Reason;

/**
 * Decision records as the database keeps them: in chunks of up to {@link #MAX_LINES} decisions written together.
 * The lines of one batch, stream or audience share their business, campaign, instant, policy version and how they
 * were asked: a chunk of them holds that once (its {@code head}), and each line only its own facts (the recipient)
 * and outcome. A chunk without a head holds single decisions, each line its whole record. Every line starts with the
 * fields it is searched by (id, instant, person, business, campaign, outcome, codes), tab-separated, so a chunk is
 * searched without parsing its JSON; {@link #record(Line)} gives any line's whole record, exactly as
 * {@link LogRecord#of} writes it.
 */
public final class LogChunk {
    /** Most decisions in one chunk. */
    public static final int MAX_LINES = 1_000;
    /** A chunk's body is kept under this many characters (a longer one is split; stored as UTF-8 bytes). */
    public static final int MAX_CHARS = 900_000;

    /**
     * Time-ordered ids of one chunk are made within this span of each other (a chunk is split otherwise), so that a
     * store finds an id among the chunks whose first id lies up to an hour before it.
     */
    public static final long ID_SPAN_MILLIS = 1_800_000L;

    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    /**
     * One decision of a chunk.
     *
     * @param decisionId the decision's id
     * @param at         when the service made it (microseconds)
     * @param personId   the person, or {@code null} (a campaign decision)
     * @param businessId the business
     * @param campaignId the campaign
     * @param outcome    the outcome
     * @param codes      the reason codes, in order
     * @param json       the rest of its record: compact under a head, whole without one
     */
    public record Line(String decisionId, Instant at, String personId, String businessId, String campaignId,
                       String outcome, List<String> codes, String json) {
        /**
         * The same line with the person's id replaced by {@code token}, in its fields and its JSON.
         *
         * @param token what stands for the person from now on
         * @return the line
         */
        public Line pseudonymized(String token) {
            try {
                ObjectNode tree = (ObjectNode) Json.MAPPER.readTree(json);
                JsonNode holder = tree.has("recipient") ? tree.get("recipient") : tree.path("request");
                if (holder.path("person") instanceof ObjectNode person) {
                    person.put("id", token);
                }
                return new Line(decisionId, at, token, businessId, campaignId, outcome, codes,
                        Json.MAPPER.writeValueAsString(tree));
            } catch (IOException e) {
                throw new UncheckedIOException("a decision line is JSON Threadgate wrote", e);
            }
        }
    }

    private final String kind;
    private final String businessId;
    private final String campaignId;
    private final String policyVersion;
    private final String head;
    private final List<Line> lines;
    private JsonNode headTree;
    private CampaignRequest headCampaign;
    private Instant firstAt;
    private Instant lastAt;
    private String firstId;
    private String lastId;

    private LogChunk(String kind, String businessId, String campaignId, String policyVersion, String head,
                     List<Line> lines) {
        this.kind = kind;
        this.businessId = businessId;
        this.campaignId = campaignId;
        this.policyVersion = policyVersion;
        this.head = head;
        this.lines = lines;
    }

    /** What the lines of one group share. */
    private record Group(String batchId, CampaignRequest campaign, String version, Instant evaluatedAt,
                         Origin origin) {
    }

    /**
     * The decisions in chunks: the lines of each batch or stream (same campaign facts, version and instant) together
     * under one head, the single decisions together without one; each chunk in the order its decisions came.
     *
     * @param decisions the decisions, in the order they were made
     * @return the chunks
     */
    public static List<LogChunk> of(List<Logged> decisions) {
        Map<Object, Builder> open = new LinkedHashMap<>();
        List<LogChunk> chunks = new ArrayList<>();
        Object singles = new Object();
        for (Logged logged : decisions) {
            Decided decided = logged.decided();
            Object key = singles;
            if (decided != null && !isSingle(decided) && decided instanceof Decided.Delivery d) {
                key = new Group(decided.origin().batchId(), d.request().campaign(), decided.policyVersion(),
                        d.decision().evaluatedAt(), decided.origin());
            }
            Builder builder = open.get(key);
            if (builder == null) {
                builder = key == singles ? new Builder(null) : new Builder(headOf((Decided.Delivery) decided));
                open.put(key, builder);
            }
            Line line = logged.line() != null ? logged.line() : line(logged);
            if (!builder.fits(line)) {
                chunks.add(builder.build());
                builder = new Builder(builder.head);
                open.put(key, builder);
            }
            builder.add(line);
        }
        for (Builder builder : open.values()) {
            chunks.add(builder.build());
        }
        return chunks;
    }

    /**
     * Whole records in chunks without a head (records made elsewhere, or written before the compact form).
     *
     * @param records the records
     * @return the chunks
     */
    public static List<LogChunk> ofRecords(List<LogRecord> records) {
        List<LogChunk> chunks = new ArrayList<>();
        Builder builder = new Builder(null);
        for (LogRecord r : records) {
            Line line = new Line(r.decisionId(), r.decidedAt(), r.personId(), r.businessId(), r.campaignId(),
                    r.outcome(), r.codes(), r.json());
            if (!builder.fits(line)) {
                chunks.add(builder.build());
                builder = new Builder(null);
            }
            builder.add(line);
        }
        if (!builder.lines.isEmpty()) {
            chunks.add(builder.build());
        }
        return chunks;
    }

    /**
     * A chunk as stored.
     *
     * @param head its head, or {@code null}
     * @param body its body, as {@link #body()} wrote it
     * @return the chunk
     */
    public static LogChunk read(String head, String body) {
        return read(head, body, null);
    }

    /**
     * A chunk as stored, with only one person's lines: the others are passed over without being decoded (a search
     * by person reads many chunks for a few lines each).
     *
     * @param head     its head, or {@code null}
     * @param body     its body, as {@link #body()} wrote it
     * @param personId the person whose lines are kept; {@code null} keeps every line
     * @return the chunk, holding only that person's lines
     */
    public static LogChunk read(String head, String body, String personId) {
        String business = null;
        String campaign = null;
        String version = null;
        String kind = null;
        JsonNode tree = null;
        if (head != null) {
            tree = tree(head);
            kind = tree.path("kind").asText();
            version = tree.path("policyVersion").asText();
            business = tree.path("request").path("business").path("id").asText();
            campaign = tree.path("request").path("campaign").path("id").asText();
        }
        List<Line> lines = new ArrayList<>();
        int start = 0;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            if (personId == null || personIs(body, start, end, personId)) {
                lines.add(decode(body.substring(start, end), business, campaign));
            }
            start = end + 1;
        }
        LogChunk chunk = new LogChunk(kind, business, campaign, version, head, lines);
        chunk.headTree = tree;
        return chunk;
    }

    /**
     * The kind of all its decisions, or {@code null} when they differ.
     *
     * @return the kind of all its decisions, or {@code null} when they differ
     */
    public String kind() {
        return kind;
    }

    /**
     * The business of all its decisions, or {@code null} when they differ.
     *
     * @return the business of all its decisions, or {@code null} when they differ
     */
    public String businessId() {
        return businessId;
    }

    /**
     * The campaign of all its decisions, or {@code null} when they differ.
     *
     * @return the campaign of all its decisions, or {@code null} when they differ
     */
    public String campaignId() {
        return campaignId;
    }

    /**
     * The policy version of all its decisions, or {@code null} when they differ.
     *
     * @return the policy version of all its decisions, or {@code null} when they differ
     */
    public String policyVersion() {
        return policyVersion;
    }

    /**
     * What its lines share, as JSON; {@code null} when each line holds its whole record.
     *
     * @return what its lines share, as JSON; {@code null} when each line holds its whole record
     */
    public String head() {
        return head;
    }

    /**
     * Its decisions, in the order they came.
     *
     * @return its decisions, in the order they came
     */
    public List<Line> lines() {
        return lines;
    }

    /**
     * Its lines, one per decision, as stored.
     *
     * @return its lines, one per decision, as stored
     */
    public String body() {
        return bodyText(new int[lines.size()]).toString();
    }

    /** Its lines, one per decision, with where each ends (in characters) put into {@code ends}. */
    private StringBuilder bodyText(int[] ends) {
        int size = 0;
        for (Line line : lines) {
            size += line.json().length() + 120;
        }
        StringBuilder body = new StringBuilder(size);
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                body.append('\n');
            }
            encode(lines.get(i), head != null, body);
            ends[i] = body.length();
        }
        return body;
    }

    /**
     * Its {@link #body()} as UTF-8 bytes, with where each line ends.
     *
     * @param ends filled with each line's end in the bytes (exclusive; the newline after it is not counted); as long
     *             as {@link #lines()}
     * @return the body's bytes
     */
    public byte[] bodyBytes(int[] ends) {
        StringBuilder body = bodyText(ends);
        byte[] bytes = body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        if (bytes.length != body.length()) { // not all ASCII: the lines' ends in bytes differ from those in chars
            int line = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == '\n') { // never part of a multi-byte character in UTF-8
                    ends[line++] = i;
                }
            }
            ends[line] = bytes.length;
        }
        return bytes;
    }

    /**
     * The earliest instant of its lines.
     *
     * @return the earliest instant of its lines
     */
    public Instant firstAt() {
        bounds();
        return firstAt;
    }

    /**
     * The latest instant of its lines.
     *
     * @return the latest instant of its lines
     */
    public Instant lastAt() {
        bounds();
        return lastAt;
    }

    /**
     * The smallest decision id of its lines (as strings compare).
     *
     * @return the smallest decision id of its lines (as strings compare)
     */
    public String firstId() {
        bounds();
        return firstId;
    }

    /**
     * The largest decision id of its lines.
     *
     * @return the largest decision id of its lines
     */
    public String lastId() {
        bounds();
        return lastId;
    }

    /** Its lines' earliest and latest instants and smallest and largest ids, found in one pass. */
    private void bounds() {
        if (firstAt != null) {
            return;
        }
        Instant first = lines.get(0).at();
        Instant last = first;
        String low = lines.get(0).decisionId();
        String high = low;
        for (Line line : lines) {
            if (line.at().isBefore(first)) {
                first = line.at();
            } else if (line.at().isAfter(last)) {
                last = line.at();
            }
            if (line.decisionId().compareTo(low) < 0) {
                low = line.decisionId();
            } else if (line.decisionId().compareTo(high) > 0) {
                high = line.decisionId();
            }
        }
        firstAt = first;
        lastAt = last;
        firstId = low;
        lastId = high;
    }

    /**
     * How many of its decisions had each outcome and each reason code, as stored beside it:
     * {@code DELIVER=3 SUPPRESS=2 | NO_OPEN_THREAD=2}.
     *
     * @return the counts
     */
    public String counts() {
        Map<String, Long> outcomes = new TreeMap<>();
        Map<String, Long> codes = new TreeMap<>();
        for (Line line : lines) {
            outcomes.merge(line.outcome(), 1L, Long::sum);
            for (String code : line.codes()) {
                codes.merge(code, 1L, Long::sum);
            }
        }
        StringBuilder text = new StringBuilder();
        outcomes.forEach((k, v) -> text.append(k).append('=').append(v).append(' '));
        text.append('|');
        codes.forEach((k, v) -> text.append(' ').append(k).append('=').append(v));
        return text.toString();
    }

    /**
     * Adds stored counts to totals.
     *
     * @param counts    as {@link #counts()} wrote them
     * @param byOutcome totals per outcome
     * @param byCode    totals per reason code
     * @return how many decisions they counted
     */
    public static long addCounts(String counts, Map<String, Long> byOutcome, Map<String, Long> byCode) {
        int bar = counts.indexOf('|');
        long decisions = 0;
        for (String pair : counts.substring(0, bar).trim().split(" ")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                long n = Long.parseLong(pair.substring(eq + 1));
                byOutcome.merge(pair.substring(0, eq), n, Long::sum);
                decisions += n;
            }
        }
        for (String pair : counts.substring(bar + 1).trim().split(" ")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                byCode.merge(pair.substring(0, eq), Long.parseLong(pair.substring(eq + 1)), Long::sum);
            }
        }
        return decisions;
    }

    /**
     * The same chunk with one person's lines {@linkplain Line#pseudonymized pseudonymized}.
     *
     * @param personId the person
     * @param token    what stands for them from now on
     * @return the chunk, and how many lines changed
     */
    public Erased erase(String personId, String token) {
        List<Line> changed = new ArrayList<>(lines.size());
        int n = 0;
        for (Line line : lines) {
            if (personId.equals(line.personId())) {
                changed.add(line.pseudonymized(token));
                n++;
            } else {
                changed.add(line);
            }
        }
        return new Erased(new LogChunk(kind, businessId, campaignId, policyVersion, head, changed), n);
    }

    /**
     * A chunk after an erasure.
     *
     * @param chunk the chunk
     * @param lines how many of its lines named the person
     */
    public record Erased(LogChunk chunk, int lines) {
    }

    /**
     * A line's whole record, as {@link LogRecord#of} wrote it for the same decision.
     *
     * @param line one of this chunk's lines
     * @return the record, one JSON value
     */
    public String record(Line line) {
        if (head == null) {
            return line.json();
        }
        JsonNode h = headTree();
        JsonNode l = tree(line.json());
        StringWriter text = new StringWriter(1024);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.setCodec(Json.MAPPER);
            json.writeStartObject();
            json.writeStringField("decisionId", line.decisionId());
            json.writeStringField("kind", h.path("kind").asText());
            json.writeStringField("at", line.at().toString());
            json.writeStringField("evaluatedAt", h.path("evaluatedAt").asText());
            json.writeStringField("policyVersion", h.path("policyVersion").asText());
            json.writeStringField("outcome", line.outcome());
            json.writeFieldName("reasons");
            json.writeTree(l.path("reasons"));
            if (l.has("retryAt")) {
                json.writeFieldName("retryAt");
                json.writeTree(l.get("retryAt"));
            }
            json.writeFieldName("firedRules");
            json.writeTree(l.path("firedRules"));
            json.writeFieldName("asked");
            json.writeTree(h.path("asked"));
            if (l.has("shadow")) {
                json.writeFieldName("shadow");
                json.writeTree(l.get("shadow"));
            }
            json.writeObjectFieldStart("request");
            copyFields(json, h.path("request"));
            copyFields(json, l.path("recipient"));
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a decision record is plain JSON written to memory", e);
        }
        return text.toString();
    }

    /**
     * A line as replay uses it, without its whole record: under a head, the campaign facts are read once for the
     * chunk and shared by all its lines.
     *
     * @param line one of this chunk's lines
     * @return the line's facts and logged verdict
     * @throws IOException when the line is not one Threadgate wrote
     */
    public RecordReader.Replayable replayable(Line line) throws IOException {
        return replayables(List.of(line)).get(0);
    }

    /**
     * Lines as replay uses them, read with one parser (a parser made for each line cost more than reading it).
     *
     * @param lines some of this chunk's lines
     * @return each line's facts and logged verdict, in the same order
     * @throws IOException when a line is not one Threadgate wrote
     */
    public List<RecordReader.Replayable> replayables(List<Line> lines) throws IOException {
        List<RecordReader.Replayable> replayables = new ArrayList<>(lines.size());
        if (head == null) {
            for (Line line : lines) {
                replayables.add(RecordReader.read(line.json()));
            }
            return replayables;
        }
        CampaignRequest campaign = headCampaign();
        int size = 0;
        for (Line line : lines) {
            size += line.json().length() + 1;
        }
        StringBuilder values = new StringBuilder(size); // the lines' JSON values one after another, as one stream
        for (Line line : lines) {
            values.append(line.json()).append('\n');
        }
        try (JsonParser p = FACTORY.createParser(values.toString())) {
            for (Line line : lines) {
                if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                    throw new IOException("line " + line.decisionId() + " is not a JSON object");
                }
                replayables.add(replayable(line, campaign, p));
            }
        }
        return replayables;
    }

    /** A compact line's facts and verdict, its JSON object read from {@code p} (on its start). */
    private RecordReader.Replayable replayable(Line line, CampaignRequest campaign, JsonParser p)
            throws IOException {
        RecipientCodec.Reader recipient = new RecipientCodec.Reader();
        List<Replay.ReasonVerdict> reasons = new ArrayList<>(2);
        Instant[] retryAt = new Instant[1];
        Streaming.fields(p, (field, q) -> switch (field) {
            case "reasons" -> {
                RecordReader.readReasons(q, reasons);
                yield true;
            }
            case "retryAt" -> {
                retryAt[0] = Streaming.instant(q);
                yield true;
            }
            case "recipient" -> {
                Streaming.fields(q, recipient::field);
                yield true;
            }
            default -> false;
        });
        DeliveryRequest delivery = new DeliveryRequest(campaign, recipient.recipient(campaign.business().id()));
        return new RecordReader.Replayable(line.decisionId(), line.at(), kind, policyVersion, campaign, delivery,
                new Replay.Verdict(line.outcome(), reasons, retryAt[0]));
    }

    private JsonNode headTree() {
        if (headTree == null) {
            headTree = tree(head);
        }
        return headTree;
    }

    private CampaignRequest headCampaign() throws IOException {
        if (headCampaign == null) {
            String request = Json.MAPPER.writeValueAsString(headTree().path("request"));
            try (JsonParser p = FACTORY.createParser(request)) {
                p.nextToken();
                headCampaign = RequestCodec.readWritten(p).campaign();
            }
        }
        return headCampaign;
    }

    private static void copyFields(JsonGenerator json, JsonNode object) throws IOException {
        var fields = object.fields();
        while (fields.hasNext()) {
            var field = fields.next();
            json.writeFieldName(field.getKey());
            json.writeTree(field.getValue());
        }
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("a decision chunk is JSON Threadgate wrote", e);
        }
    }

    private static final class Builder {
        final String head;
        final List<Line> lines = new ArrayList<>();
        int chars;
        long firstMillis;

        Builder(String head) {
            this.head = head;
            this.chars = 0;
        }

        boolean fits(Line line) {
            if (lines.isEmpty()) {
                return true;
            }
            long first = firstMillis;
            long made = org.threadgate.facade.decision.DecisionIds.millisOf(line.decisionId());
            boolean near = first < 0 || made < 0 || Math.abs(made - first) < ID_SPAN_MILLIS;
            return near && lines.size() < MAX_LINES && chars + line.json().length() + 200 < MAX_CHARS;
        }

        void add(Line line) {
            if (lines.isEmpty()) {
                firstMillis = org.threadgate.facade.decision.DecisionIds.millisOf(line.decisionId());
            }
            lines.add(line);
            chars += line.json().length() + 120;
        }

        LogChunk build() {
            if (head == null) {
                return new LogChunk(same(lines, l -> kindOf(l)), same(lines, Line::businessId),
                        same(lines, Line::campaignId), null, null, List.copyOf(lines));
            }
            JsonNode tree = tree(head);
            LogChunk chunk = new LogChunk(tree.path("kind").asText(), lines.get(0).businessId(),
                    lines.get(0).campaignId(), tree.path("policyVersion").asText(), head, List.copyOf(lines));
            chunk.headTree = tree;
            return chunk;
        }

        private static String kindOf(Line line) {
            return line.personId() == null ? LogRecord.CAMPAIGN : LogRecord.DELIVERY;
        }

        private static String same(List<Line> lines, java.util.function.Function<Line, String> field) {
            String first = field.apply(lines.get(0));
            for (Line line : lines) {
                if (!Objects.equals(first, field.apply(line))) {
                    return null;
                }
            }
            return first;
        }
    }

    /**
     * A decision's line: compact for a line of a batch or stream (its chunk's head holds what it shares), whole for
     * a single decision.
     *
     * @param logged the decision
     * @return its line
     */
    public static Line line(Logged logged) {
        return isSingle(logged.decided()) ? wholeLine(logged) : compactLine(logged);
    }

    /**
     * Whether a decision is kept whole (a single decision, or a campaign decision) rather than as a line under its
     * batch's head.
     *
     * @param decided the decision
     * @return true when kept whole
     */
    public static boolean isSingle(Decided decided) {
        return !(decided instanceof Decided.Delivery) || decided.origin().batchId() == null;
    }

    private static Line wholeLine(Logged logged) {
        LogRecord r = logged.record();
        return new Line(r.decisionId(), r.decidedAt(), r.personId(), r.businessId(), r.campaignId(), r.outcome(),
                r.codes(), r.json());
    }

    private static String headOf(Decided.Delivery d) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            json.writeStringField("kind", LogRecord.DELIVERY);
            json.writeStringField("evaluatedAt", d.decision().evaluatedAt().toString());
            json.writeStringField("policyVersion", d.policyVersion());
            LogRecord.asked(json, d.origin());
            json.writeFieldName("request");
            RequestCodec.write(json, d.request().campaign());
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a chunk's head is plain JSON written to memory", e);
        }
        return text.toString();
    }

    private static Line compactLine(Logged logged) {
        Decided.Delivery d = (Decided.Delivery) logged.decided();
        DeliveryDecision decision = d.decision();
        StringWriter text = new StringWriter(512);
        try (JsonGenerator json = FACTORY.createGenerator(text)) {
            json.writeStartObject();
            LogRecord.reasons(json, decision.reasons());
            if (decision.retryAt() != null) {
                json.writeStringField("retryAt", decision.retryAt().toString());
            }
            json.writeArrayFieldStart("firedRules");
            for (String rule : decision.firedRules()) {
                json.writeString(rule);
            }
            json.writeEndArray();
            LogRecord.shadow(json, logged.shadow());
            json.writeObjectFieldStart("recipient");
            RecipientCodec.write(json, d.request().recipient());
            json.writeEndObject();
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("a decision line is plain JSON written to memory", e);
        }
        List<String> codes = new ArrayList<>(decision.reasons().size());
        for (Reason reason : decision.reasons()) {
            codes.add(reason.code());
        }
        return new Line(d.decisionId(), logged.at().truncatedTo(ChronoUnit.MICROS),
                d.request().recipient().person().id(), d.request().campaign().business().id(),
                d.request().campaign().campaign().id(), decision.outcome().name(), codes, text.toString());
    }

    private static void encode(Line line, boolean underHead, StringBuilder out) {
        escaped(line.decisionId(), out).append('\t');
        long micros = line.at().getEpochSecond() * 1_000_000L + line.at().getNano() / 1_000;
        out.append(micros).append('\t');
        escaped(line.personId(), out).append('\t');
        escaped(underHead ? null : line.businessId(), out).append('\t');
        escaped(underHead ? null : line.campaignId(), out).append('\t');
        out.append(line.outcome()).append('\t');
        out.append(String.join(" ", line.codes())).append('\t');
        out.append(line.json());
    }

    /** Whether the line at [start, end) of a body names the person (its third field, compared in place). */
    private static boolean personIs(String body, int start, int end, String personId) {
        int from = body.indexOf('\t', body.indexOf('\t', start) + 1) + 1;
        int to = body.indexOf('\t', from);
        if (to < 0 || to > end) {
            return false;
        }
        if (personId.indexOf('\\') >= 0 || personId.indexOf('\t') >= 0 || personId.indexOf('\n') >= 0
                || personId.indexOf('\r') >= 0) {
            return personId.equals(unescaped(body.substring(from, to))); // an id escaped in the prefix
        }
        return to - from == personId.length() && body.regionMatches(from, personId, 0, personId.length());
    }

    private static Line decode(String text, String business, String campaign) {
        String[] f = new String[7];
        int start = 0;
        for (int i = 0; i < 7; i++) {
            int tab = text.indexOf('\t', start);
            f[i] = text.substring(start, tab);
            start = tab + 1;
        }
        long micros = Long.parseLong(f[1]);
        Instant at = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000);
        List<String> codes = f[6].isEmpty() ? List.of() : List.of(f[6].split(" "));
        return new Line(unescaped(f[0]), at, unescaped(f[2]), business != null ? business : unescaped(f[3]),
                campaign != null ? campaign : unescaped(f[4]), f[5], codes, text.substring(start));
    }

    /** A field of a line's prefix: empty for none (an id is never empty); tab, newline and backslash escaped. */
    private static StringBuilder escaped(String value, StringBuilder out) {
        if (value == null) {
            return out;
        }
        boolean plain = true;
        for (int i = 0; i < value.length() && plain; i++) {
            char c = value.charAt(i);
            plain = c != '\\' && c != '\t' && c != '\n' && c != '\r';
        }
        if (plain) {
            return out.append(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out;
    }

    private static String unescaped(String field) {
        if (field.isEmpty()) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 1 < field.length()) {
                char next = field.charAt(++i);
                out.append(switch (next) {
                    case 't' -> '\t';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    default -> next;
                });
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return "LogChunk[" + lines.size() + " lines" + (head == null ? "" : ", campaign " + campaignId) + "]";
    }
}
