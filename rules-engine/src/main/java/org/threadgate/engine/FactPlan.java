package org.threadgate.engine;

import java.util.ArrayList;
import java.util.List;

import org.drools.base.base.ClassObjectType;
import org.drools.base.base.ObjectType;
import org.drools.base.definitions.rule.impl.RuleImpl;
import org.drools.base.rule.GroupElement;
import org.drools.base.rule.Pattern;
import org.drools.base.rule.RuleConditionElement;
import org.drools.core.impl.InternalRuleBase;
import org.drools.core.reteoo.ObjectTypeNode;
import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.threadgate.model.Block;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.EvaluationTime;
import org.threadgate.model.Person;
import org.threadgate.model.PolicySettings;
import org.threadgate.model.Recipient;
import org.threadgate.model.Settings;
import org.threadgate.model.SponsoredDelivery;

/**
 * Which facts one compiled set's rules match, read from its rule network once, and how its sessions may live.
 *
 * <p>Every fact of the contract is offered to every set, but only the types that the set's network has an object-type
 * node for are inserted: the bundled rules match the {@link CampaignRequest} (campaign-wide) and one
 * {@link DeliveryRequest} per person (the campaign request and the {@link Recipient}, with their thread, blocks and
 * history), so the first contract's separate facts (person, thread, blocks, deliveries, business, campaign, instant)
 * cost them nothing; a rule file written against those facts gets them as before.
 *
 * <p>A set's sessions are <em>kept</em> (settings inserted once, per-decision facts inserted and then deleted, no
 * reset) when no rule could match on the kept facts alone: every rule has a plain positive pattern on a fact inserted
 * per decision (in every branch of an 'or'), and none uses agenda, rule-flow or activation groups, lock-on-active or timers, whose state would
 * outlive a decision. Any other set is evaluated in a fresh (pooled, reset) session each time, as before.
 */
final class FactPlan {
    final boolean campaignRequest;
    final boolean evaluationTime;
    final boolean business;
    final boolean campaign;
    final boolean recipient;
    final boolean deliveryRequest;
    final boolean person;
    final boolean conversation;
    final boolean block;
    final boolean delivery;
    final boolean settings;
    final boolean policySettings;
    /** Whether the set's sessions may be kept between evaluations (see the class comment). */
    final boolean keptSessions;
    /** Why sessions are not kept, for the set's description; {@code null} when they are. */
    final String freshSessionsBecause;

    private FactPlan(List<Class<?>> matched, String freshSessionsBecause) {
        this.campaignRequest = any(matched, CampaignRequest.class);
        this.evaluationTime = any(matched, EvaluationTime.class);
        this.business = any(matched, Business.class);
        this.campaign = any(matched, Campaign.class);
        this.recipient = any(matched, Recipient.class);
        this.deliveryRequest = any(matched, DeliveryRequest.class);
        this.person = any(matched, Person.class);
        this.conversation = any(matched, Conversation.class);
        this.block = any(matched, Block.class);
        this.delivery = any(matched, SponsoredDelivery.class);
        this.settings = any(matched, Settings.class);
        this.policySettings = any(matched, PolicySettings.class);
        this.keptSessions = freshSessionsBecause == null;
        this.freshSessionsBecause = freshSessionsBecause;
    }

    /** Reads the plan from a compiled set's rule network and rules. */
    static FactPlan of(KieBase kieBase) {
        List<Class<?>> matched = new ArrayList<>();
        for (ObjectTypeNode node : ((InternalRuleBase) kieBase).getRete().getObjectTypeNodes()) {
            ObjectType type = node.getObjectType();
            if (type instanceof ClassObjectType classType) {
                matched.add(classType.getClassType());
            }
        }
        String fresh = null;
        for (KiePackage kiePackage : kieBase.getKiePackages()) {
            for (Rule rule : kiePackage.getRules()) {
                String reason = whyNotKept((RuleImpl) rule);
                if (reason != null && fresh == null) {
                    fresh = "rule " + rule.getName() + " " + reason;
                }
            }
        }
        return new FactPlan(matched, fresh);
    }

    /** Whether a fact of this class reaches any pattern: a node for the class itself or for a supertype. */
    private static boolean any(List<Class<?>> matched, Class<?> fact) {
        for (Class<?> type : matched) {
            if (type.isAssignableFrom(fact) && type != Object.class) {
                return true;
            }
        }
        // a pattern on Object (or an interface every record has) matches everything
        return matched.contains(Object.class);
    }

    private static String whyNotKept(RuleImpl rule) {
        if (rule.isQuery()) {
            return null; // a query never fires
        }
        if (!rule.isMainAgendaGroup() || rule.getRuleFlowGroup() != null || rule.getActivationGroup() != null) {
            return "uses an agenda, rule-flow or activation group";
        }
        if (rule.isLockOnActive() || rule.getTimer() != null
                || (rule.getCalendars() != null && rule.getCalendars().length > 0)) {
            return "uses lock-on-active, a timer or a calendar";
        }
        if (needsDecisionFact(rule.getLhs())) {
            return null;
        }
        return "could match without any fact of the decision (it has no plain pattern on one)";
    }

    /**
     * Whether every match of this condition holds a fact inserted for the decision: a plain positive pattern on one;
     * an 'and' with such a part; an 'or' whose every branch has one. Never a 'not', 'exists' or accumulate.
     */
    private static boolean needsDecisionFact(RuleConditionElement element) {
        if (element instanceof Pattern pattern) {
            return pattern.getSource() == null && pattern.getObjectType() instanceof ClassObjectType type
                    && perDecision(type.getClassType());
        }
        if (element instanceof GroupElement group) {
            if (group.isAnd()) {
                return group.getChildren().stream().anyMatch(FactPlan::needsDecisionFact);
            }
            if (group.isOr()) {
                return !group.getChildren().isEmpty()
                        && group.getChildren().stream().allMatch(FactPlan::needsDecisionFact);
            }
        }
        return false;
    }

    /** Facts inserted for each evaluation (and deleted after it in a kept session); the settings are not. */
    private static boolean perDecision(Class<?> type) {
        return type != Object.class && !type.isAssignableFrom(Settings.class)
                && !type.isAssignableFrom(PolicySettings.class) && !type.getName().startsWith("org.drools.");
    }
}
