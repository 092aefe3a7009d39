package org.threadgate.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import org.threadgate.facade.json.FieldLimits;
import org.threadgate.facade.json.LedgerReader;
import org.threadgate.server.privacy.PersonErasure;
import org.threadgate.server.security.Authorizer;
import org.threadgate.server.security.Scope;

/** A person's data erased on request: DELETE /v1/people/{personId} (scope privacy, or admin). */
public final class PeopleEndpoints {
    private final PersonErasure erasure;
    private final FieldLimits fields;

    public PeopleEndpoints(PersonErasure erasure, FieldLimits fields) {
        this.erasure = erasure;
        this.fields = fields;
    }

    /** Adds these routes to {@code routes}. */
    public void addTo(Routes routes) {
        routes.add(HandlerType.DELETE, "/v1/people/{personId}", Scope.PRIVACY, this::erase);
    }

    /** Erases the person; 200 with what was erased (all zeros when nothing was held). */
    void erase(Context ctx) {
        String personId = LedgerReader.pathId(ctx.pathParam("personId"), "personId", fields);
        PersonErasure.Result r = erasure.erase(personId, Authorizer.caller(ctx));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("erasureId", r.erasureId());
        answer.put("erasedAt", r.erasedAt().toString());
        answer.put("threads", r.threads());
        answer.put("events", r.events());
        answer.put("deliveries", r.deliveries());
        answer.put("businesses", r.businesses());
        answer.put("decisionRecords", r.decisionRecords());
        answer.put("decisionLog", r.decisionLog());
        ctx.json(answer);
    }
}
