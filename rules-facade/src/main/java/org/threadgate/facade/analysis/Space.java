package org.threadgate.facade.analysis;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.threadgate.engine.PolicySet;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.Recipient;
import org.threadgate.model.Settings;
import org.threadgate.model.SponsoredDelivery;

/**
 * The situations a policy analysis decides: the product of a few axes, each holding the boundary values that the
 * policy sets' own settings and rule constants make distinct. Built from one set ({@code analyze}) or from two
 * ({@code diff}: the union of both sets' boundaries, so that a threshold moved by the candidate is explored on both of
 * its sides).
 *
 * <ul>
 *   <li><b>campaign</b>: sponsored-message access on and off, every {@link Objective}, and audience sizes 0 and each
 *       whole-number setting (or whole-number constant in a rule) that is not a cap's {@code max}, with its
 *       neighbours;</li>
 *   <li><b>clock</b>: the evaluation instant with the person's time zone: no zone at noon UTC; then, in
 *       Europe/Paris (a zone with daylight saving, standing for every person's own zone) and in every zone a setting
 *       or a rule names, each local time of the sets (quiet-hours edges)
 *       at -1 µs, 0 and +1 µs on an ordinary day (2026-06-17), and the same on the day of each of the zone's
 *       daylight-saving transitions in 2026 with the transition itself at -1 µs, 0, +1 µs;</li>
 *   <li><b>blocks</b>: none, and each {@link BlockKind};</li>
 *   <li><b>thread</b>: none, never interacted, and a last interaction at each window (every duration of the sets)
 *       -1 µs, 0, +1 µs before the instant, or 1 µs after it (a clock-skewed stamp);</li>
 *   <li><b>deliveries</b> (the business's own): 0 to the largest cap {@code max} (or whole-number rule constant
 *       below {@value #MAX_HISTORY}) + 1 of them while that is at most {@value #DENSE_HISTORY}, and beyond that each
 *       such threshold with its neighbours; all at one of the window ages, of another campaign; and a single one of
 *       this very campaign at each age;</li>
 *   <li><b>person deliveries</b> (from other businesses): as many, at one of the window ages.</li>
 * </ul>
 *
 * <p>A situation is an index into the product; {@link #delivery(int, int, int)} builds its request. A cap is a
 * settings group with a whole-number {@code max} and a duration {@code window}.
 */
public final class Space {
    /** The ordinary day the clock axis uses, and the year whose daylight-saving transitions it uses. */
    static final LocalDate ORDINARY_DAY = LocalDate.of(2026, 6, 17);
    private static final Duration MICRO = Duration.ofNanos(1_000);
    private static final List<ZoneId> REPRESENTATIVE_ZONES = List.of(ZoneId.of("Europe/Paris"));
    /** The most deliveries a history axis lists, whatever the caps say. */
    static final int MAX_HISTORY = 32;
    /** Up to this many deliveries, every count is explored; above it, each threshold with its neighbours. */
    static final int DENSE_HISTORY = 4;
    static final String BUSINESS = "business-1";
    static final String CAMPAIGN = "campaign-1";
    static final String OTHER_CAMPAIGN = "campaign-0";
    static final String OTHER_BUSINESS = "business-2";

    /** One value of the campaign axis. */
    record CampaignShape(boolean enabled, Objective objective, int audienceSize) {
        int weight() {
            return (enabled ? 0 : 1) + (objective == Objective.MESSAGES ? 0 : 1);
        }

        /** The values of the named fields ({@link RuleText#CAMPAIGN_FIELDS}), in that order. */
        List<Object> fields(List<String> names) {
            List<Object> values = new ArrayList<>(names.size());
            for (String name : names) {
                values.add(switch (name) {
                    case "sponsoredMessagesEnabled" -> enabled;
                    case "objective" -> objective;
                    default -> audienceSize;
                });
            }
            return values;
        }

        @Override
        public String toString() {
            return "access " + (enabled ? "on" : "off") + ", " + objective + ", audience " + audienceSize;
        }
    }

    /** One value of the clock axis: the person's zone (or none) and the evaluation instant. */
    record Clock(ZoneId zone, Instant at, String label) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** One value of the thread axis: {@code exists} false is no thread; {@code age} null is never interacted. */
    record ThreadShape(boolean exists, Duration age) {
        int weight() {
            return exists ? (age == null ? 1 : 2) : 0;
        }

        @Override
        public String toString() {
            return !exists ? "no thread" : age == null ? "never interacted" : "last interaction " + ageText(age);
        }
    }

    /** One value of a history axis: {@code count} deliveries, all {@code age} old; the oldest of this campaign. */
    record History(int count, Duration age, boolean thisCampaign) {
        @Override
        public String toString() {
            return count == 0 ? "none" : count + " at " + ageText(age) + (thisCampaign ? ", one of this campaign" : "");
        }
    }

    private final List<CampaignShape> campaigns;
    private final List<Clock> clocks;
    private final List<List<BlockKind>> blocks;
    private final List<ThreadShape> threads;
    private final List<History> histories;
    private final List<History> personHistories;
    private final Map<String, List<String>> sources;

    private Space(List<CampaignShape> campaigns, List<Clock> clocks, List<List<BlockKind>> blocks,
                  List<ThreadShape> threads, List<History> histories, List<History> personHistories,
                  Map<String, List<String>> sources) {
        this.campaigns = campaigns;
        this.clocks = clocks;
        this.blocks = blocks;
        this.threads = threads;
        this.histories = histories;
        this.personHistories = personHistories;
        this.sources = sources;
    }

    /**
     * The space of one or more sets: the union of their boundaries.
     *
     * @param sets the policy sets
     * @return the space
     */
    public static Space of(PolicySet... sets) {
        TreeSet<Integer> sizes = new TreeSet<>(List.of(0));
        TreeSet<Integer> capMaxima = new TreeSet<>();
        TreeSet<Integer> literals = new TreeSet<>();
        TreeSet<Duration> windows = new TreeSet<>();
        TreeSet<LocalTime> times = new TreeSet<>();
        List<ZoneId> zones = new ArrayList<>(REPRESENTATIVE_ZONES);
        List<ZoneId> defaultZones = new ArrayList<>();
        for (PolicySet set : sets) {
            Settings settings = set.allSettings();
            for (Settings.Entry entry : settings.entries()) {
                switch (entry.type()) {
                    case INTEGER -> {
                        int value = (Integer) entry.value();
                        if (isCapMax(settings, entry.name())) {
                            capMaxima.add(value);
                        } else {
                            neighbours(sizes, value);
                        }
                    }
                    case DURATION -> windows.add((Duration) entry.value());
                    case LOCAL_TIME -> times.add((LocalTime) entry.value());
                    case TIME_ZONE -> {
                        addZone(zones, (ZoneId) entry.value());
                        addZone(defaultZones, (ZoneId) entry.value());
                    }
                    default -> {
                    }
                }
            }
            for (String text : set.source().ruleFiles().values()) {
                RuleConstants.read(text, sizes, literals, windows, times, zones);
            }
        }
        if (windows.isEmpty()) {
            windows.add(Duration.ofDays(1));
        }
        // a count is compared with a cap's max or with a small constant of a rule: every count up to one past the
        // largest while that is small, and beyond that each such threshold with its neighbours
        TreeSet<Integer> thresholds = new TreeSet<>(capMaxima);
        for (int literal : literals) {
            if (literal < MAX_HISTORY) {
                thresholds.add(literal);
            }
        }
        TreeSet<Integer> counts = new TreeSet<>();
        int largest = thresholds.isEmpty() ? 0 : thresholds.last();
        for (int count = 1; count <= Math.min(largest + 1, DENSE_HISTORY); count++) {
            counts.add(count);
        }
        for (int threshold : thresholds) {
            for (int count = threshold - 1; count <= threshold + 1; count++) {
                if (count >= 1 && count <= MAX_HISTORY) {
                    counts.add(count);
                }
            }
        }
        List<Duration> ages = new ArrayList<>();
        for (Duration window : windows) {
            for (Duration age : List.of(window.minus(MICRO), window, window.plus(MICRO))) {
                if (!age.isNegative() && !ages.contains(age)) {
                    ages.add(age);
                }
            }
        }
        ages.add(MICRO.negated()); // last: of equally small counterexamples, one with an ordinary stamp is shown

        List<CampaignShape> campaigns = new ArrayList<>();
        for (boolean enabled : new boolean[] {true, false}) {
            for (Objective objective : Objective.values()) {
                for (int size : sizes) {
                    campaigns.add(new CampaignShape(enabled, objective, size));
                }
            }
        }
        List<ThreadShape> threads = new ArrayList<>();
        threads.add(new ThreadShape(false, null));
        threads.add(new ThreadShape(true, null));
        for (Duration age : ages) {
            threads.add(new ThreadShape(true, age));
        }
        List<History> histories = new ArrayList<>();
        List<History> personHistories = new ArrayList<>();
        histories.add(new History(0, null, false));
        personHistories.add(new History(0, null, false));
        for (int count : counts) {
            for (Duration age : ages) {
                histories.add(new History(count, age, false));
                if (count == 1) {
                    histories.add(new History(count, age, true));
                }
                personHistories.add(new History(count, age, false));
            }
        }
        List<List<BlockKind>> blocks = new ArrayList<>();
        blocks.add(List.of());
        for (BlockKind kind : BlockKind.values()) {
            blocks.add(List.of(kind));
        }
        Map<String, List<String>> sources = Map.of(
                "audienceSizes", sizes.stream().map(String::valueOf).toList(),
                "capMaxima", capMaxima.stream().map(String::valueOf).toList(),
                "deliveryCounts", counts.stream().map(String::valueOf).toList(),
                "windows", windows.stream().map(Duration::toString).toList(),
                "localTimes", times.stream().map(LocalTime::toString).toList(),
                "zones", zones.stream().map(ZoneId::getId).toList());
        return new Space(List.copyOf(campaigns), clocks(zones, defaultZones, times), List.copyOf(blocks),
                List.copyOf(threads), List.copyOf(histories), List.copyOf(personHistories), sources);
    }

    private static boolean isCapMax(Settings settings, String name) {
        if (!name.endsWith(".max")) {
            return false;
        }
        String window = name.substring(0, name.length() - ".max".length()) + ".window";
        return settings.lookup(window).map(e -> e.type() == Settings.Type.DURATION).orElse(false);
    }

    private static void neighbours(TreeSet<Integer> sizes, int value) {
        for (int v = value - 1; v <= value + 1; v++) {
            if (v >= 0) {
                sizes.add(v);
            }
        }
    }

    private static void addZone(List<ZoneId> zones, ZoneId zone) {
        if (!zones.contains(zone)) {
            zones.add(zone);
        }
    }

    /** The clock axis: every zone's edge instants; the person without a zone at noon and under each default zone. */
    private static List<Clock> clocks(List<ZoneId> zones, List<ZoneId> defaultZones, TreeSet<LocalTime> times) {
        List<Clock> clocks = new ArrayList<>();
        clocks.add(new Clock(null, ORDINARY_DAY.atTime(12, 0).toInstant(ZoneOffset.UTC), "no time zone, "
                + ORDINARY_DAY + "T12:00Z"));
        for (ZoneId zone : zones) {
            List<Clock> instants = edges(zone, times);
            clocks.addAll(instants);
            if (defaultZones.contains(zone)) {
                for (Clock clock : instants) {
                    clocks.add(new Clock(null, clock.at(), "no time zone (default " + clock.label() + ")"));
                }
            }
        }
        return List.copyOf(clocks);
    }

    private static List<Clock> edges(ZoneId zone, TreeSet<LocalTime> times) {
        List<Clock> clocks = new ArrayList<>();
        List<LocalDate> days = new ArrayList<>(List.of(ORDINARY_DAY));
        List<ZoneOffsetTransition> transitions = new ArrayList<>();
        ZoneRules rules = zone.getRules();
        ZoneOffsetTransition next = rules.nextTransition(ORDINARY_DAY.withDayOfYear(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC));
        while (next != null && next.getInstant().atZone(zone).getYear() == ORDINARY_DAY.getYear()) {
            transitions.add(next);
            next = rules.nextTransition(next.getInstant());
        }
        for (ZoneOffsetTransition transition : transitions) {
            LocalDate day = transition.getInstant().atZone(zone).toLocalDate();
            days.add(day);
            for (Duration shift : List.of(MICRO.negated(), Duration.ZERO, MICRO)) {
                Instant at = transition.getInstant().plus(shift);
                clocks.add(new Clock(zone, at, zone.getId() + " " + local(at, zone)
                        + " (daylight-saving change " + shift(shift) + ")"));
            }
        }
        for (LocalDate day : days) {
            boolean dst = !day.equals(ORDINARY_DAY);
            for (LocalTime time : times) {
                Instant edge = ZonedDateTime.of(LocalDateTime.of(day, time), zone).toInstant();
                for (Duration shift : List.of(MICRO.negated(), Duration.ZERO, MICRO)) {
                    Instant at = edge.plus(shift);
                    clocks.add(new Clock(zone, at, zone.getId() + " " + local(at, zone) + " (" + time + " "
                            + shift(shift) + (dst ? ", on a daylight-saving day" : "") + ")"));
                }
            }
        }
        return clocks;
    }

    private static String local(Instant at, ZoneId zone) {
        return at.atZone(zone).toOffsetDateTime().toString();
    }

    private static String shift(Duration shift) {
        return shift.isZero() ? "exactly" : shift.isNegative() ? "-1 µs" : "+1 µs";
    }

    static String ageText(Duration age) {
        return age.isNegative() ? "1 µs after the instant" : age + " before the instant";
    }

    /** How many campaign values. */
    int campaigns() {
        return campaigns.size();
    }

    /** How many clock values. */
    int clocks() {
        return clocks.size();
    }

    /** How many recipients one (campaign, clock) pair has: the product of the person axes. */
    int recipients() {
        return blocks.size() * threads.size() * histories.size() * personHistories.size();
    }

    /**
     * How many delivery situations the whole product holds.
     *
     * @return campaigns × clocks × recipients
     */
    public long size() {
        return (long) campaigns() * clocks() * recipients();
    }

    CampaignShape campaign(int c) {
        return campaigns.get(c);
    }

    Clock clock(int k) {
        return clocks.get(k);
    }

    /** The campaign request of a campaign value at a clock value. */
    CampaignRequest campaignRequest(int c, int k) {
        CampaignShape shape = campaigns.get(c);
        return new CampaignRequest(clocks.get(k).at(), new Business(BUSINESS, shape.enabled()),
                new Campaign(CAMPAIGN, BUSINESS, shape.objective(), shape.audienceSize()));
    }

    /** The delivery request of situation {@code (c, k, r)}. */
    DeliveryRequest delivery(int c, int k, int r) {
        CampaignRequest campaign = campaignRequest(c, k);
        return new DeliveryRequest(campaign, recipient(k, r, "person-1"));
    }

    /** Recipient {@code r} of clock value {@code k}, with the given person id. */
    Recipient recipient(int k, int r, String personId) {
        Clock clock = clocks.get(k);
        Instant at = clock.at();
        PersonAxes axes = personAxes(r);
        History personHistory = personHistories.get(axes.p());
        List<PersonDelivery> personDeliveries = new ArrayList<>(personHistory.count());
        for (int i = 0; i < personHistory.count(); i++) {
            personDeliveries.add(new PersonDelivery(OTHER_BUSINESS, "campaign-" + (100 + i),
                    at.minus(personHistory.age())));
        }
        Person person = new Person(personId, clock.zone(), personDeliveries);
        ThreadShape thread = threads.get(axes.t());
        Conversation conversation = thread.exists()
                ? new Conversation(BUSINESS, personId, thread.age() == null ? null : at.minus(thread.age())) : null;
        List<Block> personBlocks = new ArrayList<>(2);
        for (BlockKind kind : blocks.get(axes.b())) {
            personBlocks.add(new Block(personId, BUSINESS, kind, null));
        }
        History history = histories.get(axes.h());
        List<SponsoredDelivery> deliveries = new ArrayList<>(history.count());
        for (int i = 0; i < history.count(); i++) {
            deliveries.add(new SponsoredDelivery(personId, history.thisCampaign() && i == 0 ? CAMPAIGN
                    : OTHER_CAMPAIGN, at.minus(history.age())));
        }
        return new Recipient(person, conversation, personBlocks, deliveries);
    }

    /**
     * A situation's value on each axis, as the reports show it; {@code r} below 0 is a campaign situation.
     */
    Map<String, String> describe(int c, int k, int r) {
        Map<String, String> situation = new java.util.LinkedHashMap<>();
        situation.put("campaign", campaigns.get(c).toString());
        situation.put("clock", clocks.get(k).toString());
        if (r >= 0) {
            PersonAxes axes = personAxes(r);
            List<BlockKind> kinds = blocks.get(axes.b());
            situation.put("blocks", kinds.isEmpty() ? "none" : kinds.toString());
            situation.put("thread", threads.get(axes.t()).toString());
            situation.put("deliveries", histories.get(axes.h()).toString());
            situation.put("personDeliveries", personHistories.get(axes.p()).toString());
        }
        return situation;
    }

    /** The recipients that differ from the first (no block, no thread, no deliveries) in at most one axis. */
    int[] oneAxisAtATime() {
        List<Integer> rs = new ArrayList<>();
        for (int b = 0; b < blocks.size(); b++) {
            rs.add(recipientIndex(b, 0, 0, 0));
        }
        for (int t = 1; t < threads.size(); t++) {
            rs.add(recipientIndex(0, t, 0, 0));
        }
        for (int h = 1; h < histories.size(); h++) {
            rs.add(recipientIndex(0, 0, h, 0));
        }
        for (int p = 1; p < personHistories.size(); p++) {
            rs.add(recipientIndex(0, 0, 0, p));
        }
        return rs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** How many facts recipient {@code r} of clock {@code k} carries, for choosing the smallest counterexample. */
    int weight(int c, int k, int r) {
        PersonAxes axes = personAxes(r);
        return campaigns.get(c).weight() + (clocks.get(k).zone() == null ? 0 : 1) + blocks.get(axes.b()).size()
                + threads.get(axes.t()).weight() + histories.get(axes.h()).count()
                + personHistories.get(axes.p()).count();
    }

    /** The value on each person axis of recipient index {@code r}: blocks, thread, deliveries, person deliveries. */
    private record PersonAxes(int b, int t, int h, int p) {
    }

    private PersonAxes personAxes(int r) {
        int p = r % personHistories.size();
        r /= personHistories.size();
        int h = r % histories.size();
        r /= histories.size();
        return new PersonAxes(r / threads.size(), r % threads.size(), h, p);
    }

    /** The recipient index of the given axis values, the inverse of {@link #personAxes}. */
    private int recipientIndex(int b, int t, int h, int p) {
        return ((b * threads.size() + t) * histories.size() + h) * personHistories.size() + p;
    }

    /**
     * The axes and their values, as the reports show them.
     *
     * @return axis name to its values, in the order the product runs them
     */
    public Map<String, List<String>> axes() {
        return Map.of(
                "campaign", campaigns.stream().map(CampaignShape::toString).toList(),
                "clock", clocks.stream().map(Clock::toString).toList(),
                "blocks", blocks.stream().map(kinds -> kinds.isEmpty() ? "none" : kinds.toString()).toList(),
                "thread", threads.stream().map(ThreadShape::toString).toList(),
                "deliveries", histories.stream().map(History::toString).toList(),
                "personDeliveries", personHistories.stream().map(History::toString).toList());
    }

    /**
     * The boundaries the space was built from: audience sizes, cap maxima, windows, local times and zones.
     *
     * @return name to values
     */
    public Map<String, List<String>> sources() {
        return sources;
    }

    /** The constants written in rule files' conditions: whole numbers, quoted durations, local times and zones. */
    static final class RuleConstants {
        private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);
        private static final Pattern WHEN = Pattern.compile("\\bwhen\\b(.*?)\\bthen\\b", Pattern.DOTALL);
        private static final Pattern INTEGER = Pattern.compile("(?<![\\w.\"])(\\d{1,9})(?![\\w.:\"])");
        private static final Pattern QUOTED = Pattern.compile("\"([^\"\\\\]*)\"");
        private static final Pattern TIME = Pattern.compile("\\d{2}:\\d{2}(:\\d{2})?");
        private static final Pattern ZONE = Pattern.compile("[A-Z][A-Za-z_]+/[A-Za-z_/+-]+|UTC");

        private RuleConstants() {
        }

        static void read(String drl, TreeSet<Integer> sizes, TreeSet<Integer> literals, TreeSet<Duration> windows,
                         TreeSet<LocalTime> times, List<ZoneId> zones) {
            Matcher when = WHEN.matcher(COMMENT.matcher(drl).replaceAll(" "));
            while (when.find()) {
                String condition = when.group(1);
                Matcher quoted = QUOTED.matcher(condition);
                while (quoted.find()) {
                    String text = quoted.group(1);
                    if (text.startsWith("P") || text.startsWith("-P")) {
                        try {
                            windows.add(Duration.parse(text).abs());
                        } catch (RuntimeException notDuration) {
                            // a string that merely starts with P
                        }
                    } else if (TIME.matcher(text).matches()) {
                        times.add(LocalTime.parse(text));
                    } else if (ZONE.matcher(text).matches()) {
                        try {
                            addZone(zones, ZoneId.of(text));
                        } catch (RuntimeException notZone) {
                            // a string that looks like a zone and is not one
                        }
                    }
                }
                Matcher integer = INTEGER.matcher(QUOTED.matcher(condition).replaceAll("\"\""));
                while (integer.find()) {
                    int literal = Integer.parseInt(integer.group(1));
                    neighbours(sizes, literal);
                    literals.add(literal);
                }
            }
        }
    }
}
