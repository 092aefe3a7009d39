package org.threadgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.json.Json;

/** The command line, run in-process on the real engine. */
class CommandLineTest {
    private static final String REQUEST = """
            {"at":"2026-03-10T12:00:00Z","business":{"id":"acme","sponsoredMessagesEnabled":true},
             "campaign":{"id":"c1","objective":"MESSAGES","audienceSize":2500},"person":{"id":"p-1"},
             "thread":{"lastPersonInteractionAt":"2026-03-10T11:00:00Z"}}
            """;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    @Test
    void train_startsTheService_asksOneRequestOfEachKind_andStops() {
        CliRun run = run("train");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out().lines().toList()).containsExactly(
                "GET /health/ready -> 200",
                "POST /v1/decisions/delivery -> 200",
                "POST /v1/decisions/delivery -> 400",
                "PUT /v1/businesses/acme -> 201",
                "PUT /v1/campaigns/spring -> 201",
                "POST /v1/events -> 200",
                "POST /v1/decisions/delivery -> 200",
                "GET /v1/policies -> 200");
    }

    @Test
    void decide_recordsItsDecision_andDecisionsExport_printsIt(@TempDir Path dir) throws Exception {
        Path request = dir.resolve("request.json");
        Files.writeString(request, REQUEST);
        String data = dir.resolve("data").toString();
        CliRun decided = run("decide", "--data", data, request.toString());
        assertThat(decided.exit()).as(decided.err()).isZero();
        String id = Json.MAPPER.readTree(decided.out()).get("decisionId").asText();
        CliRun exported = run("decisions", "export", "--data", data);
        assertThat(exported.exit()).as(exported.err()).isZero();
        assertThat(exported.out().lines().toList()).hasSize(1);
        JsonNode record = Json.MAPPER.readTree(exported.out().lines().findFirst().orElseThrow());
        assertThat(record.get("decisionId").asText()).isEqualTo(id);
        assertThat(record.get("asked").get("via").asText()).isEqualTo("CLI");
        assertThat(record.get("request").get("person").get("id").asText()).isEqualTo("p-1");
        assertThat(run("decisions", "export", "--data", data, "--to", "2000-01-01T00:00:00Z").out()).isEmpty();
        CliRun bad = run("decisions", "export", "--data", data, "--from", "last week");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--from").contains("ISO-8601");
    }

    /** `people erase` forgets a person in the H2 file: ledger rows gone, their logged decision no longer names them. */
    @Test
    void peopleErase_forgetsAPerson_andPrintsWhatWasErased(@TempDir Path dir) throws Exception {
        String data = dir.resolve("data").toString();
        try (org.threadgate.storage.jdbc.Database database = org.threadgate.storage.jdbc.Database.h2File(
                dir.resolve("data"))) {
            new org.threadgate.storage.jdbc.JdbcLedger(database.dataSource(), java.time.Clock.systemUTC()).ingest(
                    java.util.List.of(new org.threadgate.model.MessagingEvent("e1", org.threadgate.model.EventType
                            .PERSON_MESSAGE, "acme", "p-1", java.time.Instant.parse("2026-03-01T00:00:00Z"))));
        }
        Path request = dir.resolve("request.json");
        Files.writeString(request, REQUEST);
        assertThat(run("decide", "--data", data, request.toString()).exit()).isZero();
        CliRun erased = run("people", "erase", "p-1", "--data", data);
        assertThat(erased.exit()).as(erased.err()).isZero();
        JsonNode answer = Json.MAPPER.readTree(erased.out());
        assertThat(answer.get("threads").asInt()).isEqualTo(1);
        assertThat(answer.get("events").asInt()).isEqualTo(1);
        assertThat(answer.get("decisionRecords").asLong()).isEqualTo(1);
        assertThat(answer.get("decisionLog").asText()).isEqualTo("pseudonymized");
        String exported = run("decisions", "export", "--data", data).out();
        assertThat(exported).doesNotContain("\"p-1\"").contains("\"erased-");
        CliRun bad = run("people", "erase", " ", "--data", data);
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("PERSON_ID");
    }

    @Test
    void check_onTheBundledSet_succeeds() {
        CliRun run = run("check");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("OK: 11 rules, policy version ");
    }

    @Test
    void check_printsEachProblemAsFileLineColumn_andExits1(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("x"));
        Files.writeString(dir.resolve("x/x.drl"), """
                package x
                import org.threadgate.model.Business
                rule "r" @code("X") @title("t") @message("m")
                when
                    Business(id == )
                then
                end
                """);
        CliRun run = run("check", dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).containsPattern(java.util.regex.Pattern.quote(dir.resolve("x/x.drl").toString())
                + ":5:\\d+: .*no viable alternative");
        assertThat(run.err()).doesNotContain("null Package");
    }

    @Test
    void check_onADirectoryCopyOfTheBundledSet_succeeds(@TempDir Path dir) throws Exception {
        PolicySource bundled = PolicySource.bundled();
        for (var file : bundled.ruleFiles().entrySet()) {
            Path target = dir.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        Files.writeString(dir.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 250"));
        assertThat(run("check", dir.toString()).exit()).isZero();
    }

    @Test
    void decide_printsTheJsonDecision(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.json");
        Files.writeString(file, REQUEST);
        CliRun run = run("decide", "--decision-log", "off", file.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode decision = Json.MAPPER.readTree(run.out());
        assertThat(decision.get("outcome").asText()).isEqualTo("SUPPRESS");
        assertThat(decision.get("reasons").get(0).get("code").asText()).isEqualTo("WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.get("retryAt").asText()).isEqualTo("2026-03-11T11:00:00Z");
    }

    @Test
    void decide_readsStandardInput_andDecidesACampaignWhenThereIsNoPerson() throws Exception {
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream("""
                    {"at":"2026-03-10T12:00:00Z","business":{"id":"acme","sponsoredMessagesEnabled":false},
                     "campaign":{"id":"c1","objective":"MESSAGES","audienceSize":2500}}
                    """.getBytes(StandardCharsets.UTF_8)));
            CliRun run = run("decide", "--decision-log", "off", "-");
            assertThat(run.exit()).as(run.err()).isZero();
            JsonNode decision = Json.MAPPER.readTree(run.out());
            assertThat(decision.get("outcome").asText()).isEqualTo("REJECT");
            assertThat(decision.get("reasons").get(0).get("code").asText()).isEqualTo("ADVERTISER_NOT_ENABLED");
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void decide_onAnInvalidRequest_printsAProblemNamingTheField_andExits2(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("request.json");
        Files.writeString(file, REQUEST.replace("2500", "-3"));
        CliRun run = run("decide", "--decision-log", "off", file.toString());
        assertThat(run.exit()).isEqualTo(2);
        JsonNode problem = Json.MAPPER.readTree(run.err());
        assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("campaign.audienceSize");
    }

    /** {@code decide} and the HTTP API answer the same bad body with the same problem code and fields. */
    @Test
    void decide_andHttp_answerTheSameBadBodyWithTheSameProblem(@TempDir Path dir) throws Exception {
        String[] bodies = {
            "{\"at\": tru}",
            "[1, 2]",
            REQUEST.replace("2500", "-3"),
            REQUEST.replace("2500", "9".repeat(150)),
            REQUEST.replace("\"MESSAGES\"", "\"SPAM\""),
            REQUEST.replace("\"p-1\"", "\"p 1\""),
        };
        try (org.threadgate.server.ThreadgateServer server = org.threadgate.server.ThreadgateServer.start(
                org.threadgate.server.config.ServerConfig.local(dir.resolve("data"), config -> { }))) {
            org.threadgate.server.http.CheckedClient http = new org.threadgate.server.http.CheckedClient();
            for (String body : bodies) {
                Path file = dir.resolve("bad.json");
                Files.writeString(file, body);
                CliRun run = run("decide", "--decision-log", "off", "--kind", "delivery", file.toString());
                assertThat(run.exit()).as(body).isEqualTo(2);
                JsonNode cli = Json.MAPPER.readTree(run.err());
                JsonNode api = Json.MAPPER.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.port() + "/v1/decisions/delivery"))
                        .header("Content-Type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build()).body());
                assertThat(cli.get("code")).as(body).isEqualTo(api.get("code"));
                assertThat(cli.get("status")).as(body).isEqualTo(api.get("status"));
                assertThat(cli.path("errors")).as(body).isEqualTo(api.path("errors"));
            }
        }
    }

    @Test
    void everyCommand_hasHelpAndVersion() {
        for (String[] command : new String[][] {{}, {"serve"}, {"check"}, {"test"}, {"decide"}, {"init"}}) {
            String[] help = append(command, "--help");
            CliRun helpRun = run(help);
            assertThat(helpRun.exit()).isZero();
            assertThat(helpRun.out()).contains("Usage: threadgate").contains("--version");
            CliRun versionRun = run(append(command, "--version"));
            assertThat(versionRun.exit()).isZero();
            assertThat(versionRun.out()).startsWith("threadgate ").contains("Drools 10.2.0");
        }
        assertThat(run("serve", "--help").out()).contains("--port").contains("--host").contains("--rules");
    }

    @Test
    void serve_withRulesThatDoNotCompile_refusesToServe(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("bad.drl"), "package bad\nrule \"x\" when then end oops");
        CliRun run = run("serve", "--port", "0", "--rules", dir.toString(), "--data", dir.resolve("data").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("bad.drl:").contains("not serving");
    }

    @Test
    void init_writesTheBundledSet_thatChecksAndTestsClean(@TempDir Path dir) {
        Path target = dir.resolve("policies");
        CliRun init = run("init", target.toString());
        assertThat(init.exit()).as(init.err()).isZero();
        assertThat(target.resolve("settings.yaml")).exists();
        assertThat(target.resolve("suppression/suppression.drl")).exists();
        assertThat(target.resolve("tests/suppression.yaml")).exists();
        assertThat(run("check", target.toString()).exit()).isZero();
        CliRun test = run("test", target.toString(), "--min-coverage", "100");
        assertThat(test.exit()).as(test.out() + test.err()).isZero();
        assertThat(test.out()).contains("41 case(s): 41 passed, 0 failed")
                .contains("every rule is fired by at least one case").contains("coverage: 11 of 11 rules (100.0%)");
        // a second init would overwrite an author's work: refused
        CliRun again = run("init", target.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("not empty");
    }

    @Test
    void test_printsEachFailureWithFileAndCase_andExits1(@TempDir Path dir) throws Exception {
        PolicySource.bundled().writeTo(dir);
        Files.writeString(dir.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 150"));
        CliRun run = run("test", dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).contains("FAIL tests/audience.yaml: an audience of exactly 100 passes")
                .contains("expected: APPROVE []").contains("actual:   REJECT [AUDIENCE_TOO_SMALL]")
                .contains("41 case(s): 39 passed, 2 failed");
    }

    @Test
    void test_withMinCoverage_failsWhenTooFewRulesAreFired(@TempDir Path dir) throws Exception {
        PolicySource.bundled().writeTo(dir);
        for (String file : new String[] {"access", "objective", "audience", "blocks", "suppression", "frequencycap",
                "campaignonce", "quiethours", "personcap"}) {
            Files.delete(dir.resolve("tests/" + file + ".yaml"));
        }
        CliRun relaxed = run("test", dir.toString());
        assertThat(relaxed.exit()).isZero();
        assertThat(relaxed.out()).contains("rules no case fires: advertiser-not-enabled (ADVERTISER_NOT_ENABLED)");
        assertThat(relaxed.out()).contains("coverage: 1 of 11 rules (9.1%)");
        CliRun strict = run("test", dir.toString(), "--min-coverage", "80");
        assertThat(strict.exit()).isEqualTo(1);
        assertThat(strict.err()).contains("coverage 9.1% is below --min-coverage 80");
    }

    @Test
    void check_reportsLintFindingsLikeCompileErrors(@TempDir Path dir) throws Exception {
        PolicySource.bundled().writeTo(dir);
        Path file = dir.resolve("access/access.drl");
        Files.writeString(file, Files.readString(file).replace("insert(Violation.campaignWide(",
                "System.out.println(java.time.Instant.now()); insert(Violation.campaignWide("));
        CliRun run = run("check", dir.toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains(file + ":15:5: 'System.out' prints")
                .contains(file + ":15:34: 'Instant.now(' reads the clock");
    }

    @Test
    void token_printsATokenAndTheLineThatGrantsIt() {
        CliRun run = run("token", "--scopes", "decide,admin");
        assertThat(run.exit()).isZero();
        String[] lines = run.out().strip().split("\\R");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("[A-Za-z0-9_-]{43}");
        assertThat(lines[1]).isEqualTo(org.threadgate.server.security.Tokens.line(lines[0],
                java.util.EnumSet.of(org.threadgate.server.security.Scope.DECIDE,
                        org.threadgate.server.security.Scope.ADMIN))).startsWith("sha256:").endsWith(" decide,admin");
        assertThat(run("token").out()).isNotEqualTo(run.out());
    }

    @Test
    void serve_refusesAnOpenAddressWithoutTokens_andABadTokensFile(@TempDir Path dir) throws Exception {
        CliRun open = run("serve", "--port", "0", "--host", "0.0.0.0", "--data", dir.resolve("d1").toString());
        assertThat(open.exit()).isEqualTo(2);
        assertThat(open.err()).contains("refusing to listen on 0.0.0.0 without --tokens");
        Path tokens = dir.resolve("tokens");
        Files.writeString(tokens, "my-plain-secret admin\n");
        CliRun bad = run("serve", "--port", "0", "--tokens", tokens.toString(), "--data", dir.resolve("d2").toString());
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--tokens:").contains(":1: expected 'sha256:").doesNotContain("my-plain-secret");
    }

    private static String[] append(String[] args, String last) {
        String[] all = java.util.Arrays.copyOf(args, args.length + 1);
        all[args.length] = last;
        return all;
    }
}
