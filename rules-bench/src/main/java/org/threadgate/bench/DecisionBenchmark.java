package org.threadgate.bench;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.engine.reference.ReferencePolicy;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

/**
 * Decisions per second through the facade (Drools) and through the plain-Java reference, side by side, on the same
 * rotating inputs. The audience benchmarks count one operation per recipient.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class DecisionBenchmark {
    static final int DISTINCT_REQUESTS = 4_096;
    static final int AUDIENCE = 10_000;
    static final int AUDIENCES = 16;

    DeliveryPolicyService service;
    /** The floor of the engine path: the same facts and session cycle, a set of one rule that never matches. */
    PolicySet floor;
    ReferencePolicy reference;
    DeliveryRequest[] requests;
    CampaignRequest[] audienceCampaigns;
    List<Recipient>[] audiences;

    @State(Scope.Thread)
    public static class Cursor {
        int next;

        int advance(int bound) {
            next = next + 1 == bound ? 0 : next + 1;
            return next;
        }
    }

    @Setup(Level.Trial)
    @SuppressWarnings("unchecked")
    public void setUp() {
        service = DeliveryPolicyService.bundled();
        floor = new PolicyCompiler().compile(PolicySource.of("floor", Map.of("floor/floor.drl", FLOOR_RULE), null))
                .policySet();
        reference = new ReferencePolicy(service.policies().allSettings());
        requests = BenchInputs.singleRequests(1, DISTINCT_REQUESTS);
        Random random = new Random(2);
        audienceCampaigns = new CampaignRequest[AUDIENCES];
        audiences = new List[AUDIENCES];
        for (int i = 0; i < AUDIENCES; i++) {
            audienceCampaigns[i] = BenchInputs.campaign(random, i);
            audiences[i] = BenchInputs.audience(100 + i, audienceCampaigns[i].business().id(), AUDIENCE);
        }
    }

    static final String FLOOR_RULE = """
            package floor
            import org.threadgate.model.Business
            import org.threadgate.model.Violation
            rule "never" @code("NEVER") @title("never matches") @message("never")
            when
                Business(id == "no business has this id")
            then
                insert(Violation.campaignWide("businessId", "none"));
            end
            """;

    @TearDown(Level.Trial)
    public void tearDown() {
        floor.close();
        service.close();
    }

    @Benchmark
    public Object droolsSingleDecision(Cursor cursor) {
        return service.decideDelivery(requests[cursor.advance(DISTINCT_REQUESTS)]);
    }

    @Benchmark
    public Object floorSingleDecision(Cursor cursor) {
        return floor.decideDelivery(requests[cursor.advance(DISTINCT_REQUESTS)]);
    }

    @Benchmark
    public Object plainJavaSingleDecision(Cursor cursor) {
        DeliveryRequest request = requests[cursor.advance(DISTINCT_REQUESTS)];
        return reference.decide(request.campaign(), request.recipient());
    }

    @Benchmark
    @OperationsPerInvocation(AUDIENCE)
    public void droolsAudience(Cursor cursor, Blackhole hole) {
        int i = cursor.advance(AUDIENCES);
        service.decideAudience(audienceCampaigns[i], audiences[i].iterator(), hole::consume);
    }

    @Benchmark
    @OperationsPerInvocation(AUDIENCE)
    public void plainJavaAudience(Cursor cursor, Blackhole hole) {
        int i = cursor.advance(AUDIENCES);
        CampaignRequest campaign = audienceCampaigns[i];
        for (Recipient recipient : audiences[i]) {
            hole.consume(reference.decide(campaign, recipient));
        }
    }
}
