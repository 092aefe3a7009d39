package org.threadgate.engine;

import java.util.ArrayList;
import java.util.List;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.rule.FactHandle;
import org.threadgate.model.Block;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.model.Violation;

/**
 * Listens to one evaluation: attributes each inserted {@link Violation} to the rule that inserted it, and each fired
 * rule to the recipient whose facts it matched (or to every recipient when it matched none).
 */
final class FiringRecorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {
    /** A violation and the rule that recorded it. */
    record Found(RuleMasks.Entry rule, Violation violation) {
    }

    private ChunkResult result;
    /** Facts the rules inserted, to delete when the session is kept; {@code null} when it is not. */
    private final List<FactHandle> inserted;

    /** A recorder for a fresh session: one evaluation, into {@code result}. */
    FiringRecorder(ChunkResult result) {
        this.result = result;
        this.inserted = null;
    }

    /** A recorder that stays on a kept session: each evaluation {@link #start}s it. */
    FiringRecorder() {
        this.inserted = new ArrayList<>();
    }

    /** Records the next evaluation into {@code next}, forgetting the facts the last one inserted. */
    void start(ChunkResult next) {
        this.result = next;
        inserted.clear();
    }

    /** The handles of the facts the rules inserted in this evaluation (kept sessions only). */
    List<FactHandle> inserted() {
        return inserted;
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (inserted != null && event.getRule() != null) {
            inserted.add(event.getFactHandle());
        }
        if (event.getObject() instanceof Violation violation && event.getRule() != null) {
            result.violation(violation.personId(), new Found(result.entry(event.getRule()), violation));
        } else if (event.getObject() instanceof org.threadgate.model.RetryWindow window) {
            result.window(window);
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        String personId = null;
        for (Object fact : event.getMatch().getObjects()) {
            personId = personIdOf(fact);
            if (personId != null) {
                break;
            }
        }
        result.fired(personId, result.entry(event.getMatch().getRule()));
    }

    private static String personIdOf(Object fact) {
        if (fact instanceof DeliveryRequest request) {
            return request.recipient().person().id();
        }
        if (fact instanceof Recipient recipient) {
            return recipient.person().id();
        }
        if (fact instanceof Person person) {
            return person.id();
        }
        if (fact instanceof Conversation conversation) {
            return conversation.personId();
        }
        if (fact instanceof Block block) {
            return block.personId();
        }
        return null;
    }
}
