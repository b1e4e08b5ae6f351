package io.gilguard.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rule decides a lock at a method, and which later rules it shadows there. */
class RuleSetTest {
    private static final String RULES = String.join("\n",
            "lock gil = static a.Engine.GIL",
            "lock other = static a.Engine.OTHER",
            "upcall   a.Listener#on*       require gil",
            "upcall   a.Listener#onEvent   acquire gil",
            "upcall   a.Listener#onEvent   require other",
            "upcall   a.Listener#onEvent   audit",
            "upcall   a.Listener#on*       audit",
            "downcall a.Listener#onEvent   forbid gil",
            "");

    private static List<String> shadows(RuleSet rules, String method, List<String> decided) {
        List<String> shadows = new ArrayList<>();
        List<RuleSet.Applied> applied = rules.policiesAt(Direction.UPCALL, List.of("a.Impl", "a.Listener"), method,
                List.of(), (rule, by) -> shadows.add(rule.where() + " by " + by.where()));
        List<String> where = new ArrayList<>();
        for (RuleSet.Applied a : applied) {
            where.add(a.rule.where());
        }
        assertEquals(decided, where, "deciding rules at " + method);
        return shadows;
    }

    @Test
    void aLaterRuleForTheSameLockIsShadowed() throws RulesException {
        RuleSet rules = RulesParser.parse("r", RULES);
        assertEquals(List.of("r:4 by r:3", "r:7 by r:6"), shadows(rules, "onEvent", List.of("r:3", "r:5", "r:6")));
    }

    @Test
    void aRuleThatDecidesIsNotShadowed() throws RulesException {
        RuleSet rules = RulesParser.parse("r", RULES);
        assertEquals(List.of(), shadows(rules, "onClose", List.of("r:3", "r:7")));
        assertEquals(List.of(), shadows(rules, "run", List.of()));
    }

    @Test
    void withoutACallbackTheResultIsTheSame() throws RulesException {
        RuleSet rules = RulesParser.parse("r", RULES);
        List<RuleSet.Applied> applied = rules.policiesAt(Direction.UPCALL, List.of("a.Impl", "a.Listener"), "onEvent",
                List.of());
        assertEquals(3, applied.size());
        assertEquals(Policy.REQUIRE, applied.get(0).policy);
    }
}
