package org.threadgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.client.ProblemException.AccessDeniedException;
import org.threadgate.client.ProblemException.ConflictException;
import org.threadgate.client.ProblemException.InvalidRequestException;
import org.threadgate.client.ProblemException.NotFoundException;
import org.threadgate.client.invoker.ApiResponse;
import org.threadgate.client.model.BatchDecision;
import org.threadgate.client.model.BatchRequest;
import org.threadgate.client.model.BatchResponse;
import org.threadgate.client.model.Block;
import org.threadgate.client.model.Business;
import org.threadgate.client.model.BusinessRegistration;
import org.threadgate.client.model.BusinessView;
import org.threadgate.client.model.Campaign;
import org.threadgate.client.model.CampaignByReference;
import org.threadgate.client.model.CampaignDecision;
import org.threadgate.client.model.CampaignRegistration;
import org.threadgate.client.model.CampaignRequest;
import org.threadgate.client.model.CampaignView;
import org.threadgate.client.model.DecideCampaignRequest;
import org.threadgate.client.model.DecideDeliveryRequest;
import org.threadgate.client.model.DecisionPage;
import org.threadgate.client.model.DecisionRecord;
import org.threadgate.client.model.DecisionSummary;
import org.threadgate.client.model.DeliveryByReference;
import org.threadgate.client.model.DeliveryDecision;
import org.threadgate.client.model.DeliveryDecisionRecord;
import org.threadgate.client.model.DeliveryRequest;
import org.threadgate.client.model.Health;
import org.threadgate.client.model.IngestResult;
import org.threadgate.client.model.MessagingEvent;
import org.threadgate.client.model.Person;
import org.threadgate.client.model.PolicyInfo;
import org.threadgate.client.model.PolicyVersionFiles;
import org.threadgate.client.model.PolicyVersionList;
import org.threadgate.client.model.Reason;
import org.threadgate.client.model.Recipient;
import org.threadgate.client.model.ReloadStatus;
import org.threadgate.client.model.ThreadView;
import org.threadgate.engine.PolicySource;
import org.threadgate.server.ThreadgateServer;
import org.threadgate.server.config.ServerConfig;
import org.threadgate.server.security.Scope;
import org.threadgate.server.security.Tokens;

/**
 * The client generated from the OpenAPI document, against the real service on an ephemeral port (bundled policies in a
 * watched directory, ledger and decision log in an embedded H2): every operation it can express, and every error
 * answer as a typed exception.
 */
class GeneratedClientTest {
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-03-10T12:00:00Z");

    @RegisterExtension
    static final ServiceUnderTest SERVICE = new ServiceUnderTest((dir, config) -> {
        PolicySource.bundled().writeTo(dir.resolve("rules"));
        config.policies.rules = dir.resolve("rules");
    });

    static Business acme() {
        return new Business().id("acme").sponsoredMessagesEnabled(true);
    }

    static Campaign sale(int audience) {
        return new Campaign().id("spring-sale").objective(Campaign.ObjectiveEnum.MESSAGES).audienceSize(audience);
    }

    static org.threadgate.client.model.Thread lastTouched(String instant) {
        return new org.threadgate.client.model.Thread().lastPersonInteractionAt(OffsetDateTime.parse(instant));
    }

    @Test
    void deliveryByFacts_withinTheWindow_isSuppressedWithItsRetryAt() throws Exception {
        DeliveryDecision decision = SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(new DeliveryRequest()
                .at(AT).business(acme()).campaign(sale(2500)).person(new Person().id("p-42"))
                .thread(lastTouched("2026-03-10T01:00:00Z"))));

        assertThat(decision.getOutcome()).isEqualTo(DeliveryDecision.OutcomeEnum.SUPPRESS);
        assertThat(decision.getReasons()).extracting(Reason::getCode).containsExactly("WITHIN_SUPPRESSION_WINDOW");
        assertThat(decision.getRetryAt()).isEqualTo(OffsetDateTime.parse("2026-03-11T01:00:00Z"));
        assertThat(decision.getFiredRules()).containsExactly("within-suppression-window");
        assertThat(decision.getDecisionId()).isNotBlank();
        assertThat(decision.getPolicyVersion()).isEqualTo(SERVICE.server().service().policies().version());
    }

    @Test
    void deliveryByFacts_blockedAndNeverOpened_listsEveryReasonByCode() throws Exception {
        DeliveryDecision decision = SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(new DeliveryRequest()
                .at(AT).business(acme()).campaign(sale(2500)).person(new Person().id("p-7"))
                .blocks(List.of(new Block().kind(Block.KindEnum.BLOCKED_BUSINESS)))));

        assertThat(decision.getReasons()).extracting(Reason::getCode)
                .containsExactly("BLOCKED_BUSINESS", "NO_OPEN_THREAD");
        assertThat(decision.getRetryAt()).isNull();
    }

    @Test
    void campaignByFacts_smallAudience_isRejected() throws Exception {
        CampaignDecision decision = SERVICE.client().decisions().decideCampaign(new DecideCampaignRequest(new CampaignRequest()
                .at(AT).business(acme()).campaign(sale(99))));

        assertThat(decision.getOutcome()).isEqualTo(CampaignDecision.OutcomeEnum.REJECT);
        assertThat(decision.getReasons()).extracting(Reason::getCode).containsExactly("AUDIENCE_TOO_SMALL");
    }

    @Test
    void jsonBatch_answersEachRecipientInOrderWithASummary() throws Exception {
        BatchResponse answer = SERVICE.client().decisions().decideDeliveryBatch(new BatchRequest().at(AT).business(acme())
                .campaign(sale(2500)).recipients(List.of(
                        new Recipient().person(new Person().id("a")).thread(lastTouched("2026-03-01T09:00:00Z")),
                        new Recipient().person(new Person().id("b")),
                        new Recipient().person(new Person().id("c")).thread(lastTouched("2026-03-10T11:00:00Z")))));

        assertThat(answer.getDecisions()).extracting(BatchDecision::getPersonId).containsExactly("a", "b", "c");
        assertThat(answer.getDecisions()).extracting(BatchDecision::getOutcome).containsExactly(
                BatchDecision.OutcomeEnum.DELIVER, BatchDecision.OutcomeEnum.SUPPRESS,
                BatchDecision.OutcomeEnum.SUPPRESS);
        assertThat(answer.getSummary().getDeliver()).isEqualTo(1);
        assertThat(answer.getSummary().getSuppress()).isEqualTo(2);
        assertThat(answer.getSummary().getByReason())
                .containsExactlyInAnyOrderEntriesOf(Map.of("NO_OPEN_THREAD", 1, "WITHIN_SUPPRESSION_WINDOW", 1));
    }

    @Test
    void ledgerAndDecisionsByReference_registrationsEventsThreadAndBothDecisions() throws Exception {
        ApiResponse<BusinessView> created = SERVICE.client().ledger().putBusinessWithHttpInfo("shop",
                new BusinessRegistration().sponsoredMessagesEnabled(true));
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getData().getId()).isEqualTo("shop");
        assertThat(SERVICE.client().ledger().putBusinessWithHttpInfo("shop",
                new BusinessRegistration().sponsoredMessagesEnabled(true)).getStatusCode()).isEqualTo(200);
        CampaignView campaign = SERVICE.client().ledger().putCampaign("shop-week",
                new CampaignRegistration().businessId("shop").objective(CampaignRegistration.ObjectiveEnum.MESSAGES));
        assertThat(campaign.getAudienceSize()).isZero();

        List<MessagingEvent> events = List.of(
                event("e1", MessagingEvent.TypeEnum.PERSON_MESSAGE, "shop", "p1", "2026-03-01T09:00:00Z"),
                event("e2", MessagingEvent.TypeEnum.BUSINESS_MESSAGE, "shop", "p1", "2026-03-01T09:05:00Z"),
                event("e3", MessagingEvent.TypeEnum.PERSON_MESSAGE, "shop", "p2", "2026-03-10T11:00:00Z"));
        IngestResult stored = SERVICE.client().ledger().ingestEvents(events);
        assertThat(List.of(stored.getReceived(), stored.getStored(), stored.getDuplicates())).containsExactly(3, 3, 0);
        IngestResult again = SERVICE.client().ledger().ingestEvents(events);
        assertThat(List.of(again.getStored(), again.getDuplicates())).containsExactly(0, 3);

        ThreadView thread = SERVICE.client().ledger().getThread("shop", "p1");
        assertThat(thread.getLastPersonInteractionAt()).isEqualTo(OffsetDateTime.parse("2026-03-01T09:00:00Z"));
        assertThat(thread.getLastBusinessMessageAt()).isEqualTo(OffsetDateTime.parse("2026-03-01T09:05:00Z"));
        assertThat(thread.getOpen()).isTrue();
        assertThat(thread.getAudienceMember()).isTrue();

        DeliveryDecision p1 = SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(
                new DeliveryByReference().campaignId("shop-week").personId("p1").at(AT)));
        // two members is far below the minimum audience of 100
        assertThat(p1.getReasons()).extracting(Reason::getCode).containsExactly("AUDIENCE_TOO_SMALL");
        DeliveryDecision p2 = SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(
                new DeliveryByReference().campaignId("shop-week").personId("p2").at(AT)));
        assertThat(p2.getReasons()).extracting(Reason::getCode)
                .containsExactly("AUDIENCE_TOO_SMALL", "WITHIN_SUPPRESSION_WINDOW");
        CampaignDecision byReference = SERVICE.client().decisions().decideCampaign(new DecideCampaignRequest(
                new CampaignByReference().campaignId("shop-week").at(AT)));
        assertThat(byReference.getReasons()).extracting(Reason::getCode).containsExactly("AUDIENCE_TOO_SMALL");

        List<BatchDecision> audience = new ArrayList<>();
        var summary = SERVICE.client().streams().decideAudience("shop-week",
                new org.threadgate.client.model.AudienceRequest().at(AT), audience::add);
        assertThat(audience).extracting(BatchDecision::getPersonId).containsExactly("p1", "p2");
        assertThat(summary.getSummary().getSuppress()).isEqualTo(2);

        assertThatThrownBy(() -> SERVICE.client().ledger().getThread("shop", "nobody"))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("UNKNOWN_THREAD"));
    }

    static MessagingEvent event(String id, MessagingEvent.TypeEnum type, String business, String person,
                                String at) {
        return new MessagingEvent().eventId(id).type(type).businessId(business).personId(person)
                .occurredAt(OffsetDateTime.parse(at));
    }

    @Test
    void policies_liveSetStatusVersionsAndReloads() throws Exception {
        PolicyInfo info = SERVICE.client().policies().getPolicies();
        assertThat(info.getPolicyVersion()).isEqualTo(SERVICE.server().service().policies().version());
        assertThat(info.getRules()).extracting(r -> r.getCode()).contains("ADVERTISER_NOT_ENABLED",
                "OBJECTIVE_NOT_MESSAGES", "AUDIENCE_TOO_SMALL", "NO_OPEN_THREAD", "WITHIN_SUPPRESSION_WINDOW",
                "BLOCKED_BUSINESS", "MESSAGES_TURNED_OFF");

        ReloadStatus unchanged = SERVICE.client().policies().reloadPolicies(null);
        assertThat(unchanged.getOutcome()).isEqualTo(ReloadStatus.OutcomeEnum.UNCHANGED);
        assertThat(SERVICE.client().policies().getPolicyLoadStatus().getAttempt()).isEqualTo(unchanged.getAttempt());

        Path broken = SERVICE.dir().resolve("rules/broken.drl");
        Files.writeString(broken, "package org.threadgate.policies.broken;\nrule \"x\" when then nothing(\nend\n");
        try {
            assertThatThrownBy(() -> SERVICE.client().policies().reloadPolicies(null))
                    .isInstanceOf(InvalidRequestException.class)
                    .satisfies(e -> {
                        ProblemException p = (ProblemException) e;
                        assertThat(p.status()).isEqualTo(422);
                        assertThat(p.code()).isEqualTo("POLICY_REJECTED");
                        assertThat(p.problem().orElseThrow().getReload().getProblems())
                                .anySatisfy(line -> assertThat(line).matches("broken\\.drl:\\d+:\\d+: .*"));
                    });
        } finally {
            Files.delete(broken);
        }
        assertThat(SERVICE.client().policies().getPolicies().getPolicyVersion()).isEqualTo(info.getPolicyVersion());

        PolicyVersionList versions = SERVICE.client().policies().listPolicyVersions();
        assertThat(versions.getVersions()).extracting(v -> v.getVersion()).contains(info.getPolicyVersion());
        PolicyVersionFiles files = SERVICE.client().policies().getPolicyVersion(info.getPolicyVersion());
        assertThat(files.getRules()).containsKey("suppression/suppression.drl");
        assertThatThrownBy(() -> SERVICE.client().policies().getPolicyVersion("0000000000"))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("UNKNOWN_POLICY_VERSION"));
        assertThatThrownBy(() -> SERVICE.client().policies().promoteCandidate())
                .isInstanceOf(ProblemException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("CANDIDATE_NOT_CONFIGURED"));
    }

    @Test
    void decisionLog_findsTheDecisionJustMadeWithItsExplanation() throws Exception {
        DeliveryDecision made = SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(new DeliveryRequest()
                .at(AT).business(acme()).campaign(sale(2500)).person(new Person().id("logged-person"))
                .thread(lastTouched("2026-03-01T00:00:00Z"))));

        // records are discriminated by kind: a delivery's record is a DeliveryDecisionRecord, with its own request type
        DeliveryDecisionRecord record = awaitLogged(made.getDecisionId()).getDeliveryDecisionRecord();
        assertThat(record.getKind()).hasToString("delivery");
        assertThat(record.getOutcome().getValue()).isEqualTo("DELIVER");
        assertThat(record.getPolicyVersion()).isEqualTo(made.getPolicyVersion());
        assertThat(record.getRequest().getPerson().getId()).isEqualTo("logged-person");
        assertThat(record.getExplanation()).isNotEmpty();

        DecisionPage page = SERVICE.client().decisionLog().listDecisions("logged-person", null, null, null, null, null, null,
                10, null);
        assertThat(page.getDecisions()).extracting(r -> r.getDeliveryDecisionRecord().getDecisionId())
                .contains(made.getDecisionId());
        DecisionSummary summary = SERVICE.client().decisionLog().summarizeDecisions("spring-sale", null, null);
        assertThat(summary.getDecisions()).isPositive();
        assertThat(summary.getByOutcome()).containsKey("DELIVER");

        assertThatThrownBy(() -> SERVICE.client().decisionLog().getDecision("no-such-decision"))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("UNKNOWN_DECISION"));
    }

    /** The log is written off the request path, in batches gathered for up to 100 ms: wait for the record. */
    private static DecisionRecord awaitLogged(String decisionId) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (true) {
            try {
                return SERVICE.client().decisionLog().getDecision(decisionId);
            } catch (NotFoundException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                java.lang.Thread.sleep(50);
            }
        }
    }

    @Test
    void operations_healthMetricsAndTheDocument() throws Exception {
        assertThat(SERVICE.client().operations().getLiveness().getStatus()).isEqualTo(Health.StatusEnum.UP);
        Health ready = SERVICE.client().operations().getReadiness();
        assertThat(ready.getPolicyVersion()).isEqualTo(SERVICE.server().service().policies().version());
        assertThat(SERVICE.client().operations().getMetrics()).contains("threadgate_decisions_total");
        assertThat(SERVICE.client().operations().getOpenApiDocument().toString()).contains("decideDelivery");
    }

    @Test
    void badInput_isAnInvalidRequestNamingTheField() {
        assertThatThrownBy(() -> SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(new DeliveryRequest()
                .at(AT).business(acme()).campaign(sale(-5)).person(new Person().id("p")))))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> {
                    ProblemException p = (ProblemException) e;
                    assertThat(p.status()).isEqualTo(400);
                    assertThat(p.code()).isEqualTo("INVALID_REQUEST");
                    assertThat(p.errors()).anySatisfy(f -> assertThat(f.getField()).isEqualTo("campaign.audienceSize"));
                });
        assertThatThrownBy(() -> SERVICE.client().decisions().decideDelivery(new DecideDeliveryRequest(
                new DeliveryByReference().campaignId("no-such-campaign").personId("p"))))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("UNKNOWN_CAMPAIGN"));
        assertThatThrownBy(() -> SERVICE.client().ledger().putCampaign("orphan", new CampaignRegistration()
                .businessId("never-registered").objective(CampaignRegistration.ObjectiveEnum.MESSAGES)))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("UNKNOWN_BUSINESS"));
    }

    @Test
    void tokens_missingIsAccessDenied_wrongScopeIsForbidden_rightScopeAnswers(@TempDir Path own) throws Exception {
        String decider = Tokens.generate();
        Path file = own.resolve("tokens");
        Files.writeString(file, Tokens.line(decider, EnumSet.of(Scope.DECIDE)) + "\n");
        try (ThreadgateServer secured = ThreadgateServer.start(ServerConfig.local(own.resolve("data"),
                config -> config.security.tokens = file))) {
            ThreadgateClient anonymous = ThreadgateClient.of(URI.create("http://127.0.0.1:" + secured.port()));
            DecideCampaignRequest request = new DecideCampaignRequest(new CampaignRequest().at(AT).business(acme())
                    .campaign(sale(500)));

            assertThatThrownBy(() -> anonymous.decisions().decideCampaign(request))
                    .isInstanceOf(AccessDeniedException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).status()).isEqualTo(401));
            ThreadgateClient withToken = anonymous.withToken(decider);
            assertThat(withToken.decisions().decideCampaign(request).getOutcome())
                    .isEqualTo(CampaignDecision.OutcomeEnum.APPROVE);
            assertThatThrownBy(() -> withToken.policies().reloadPolicies(null))
                    .isInstanceOf(AccessDeniedException.class)
                    .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("FORBIDDEN"));
        }
    }

    @Test
    void conflictAndUnavailable_areTheirOwnTypes() {
        assertThat(ProblemException.of(409, null, "")).isInstanceOf(ConflictException.class);
        assertThat(ProblemException.of(503, null, "<html>proxy</html>"))
                .isInstanceOf(ProblemException.UnavailableException.class)
                .satisfies(e -> assertThat(e.code()).isEqualTo("HTTP_503"))
                .hasMessageContaining("proxy");
    }
}
