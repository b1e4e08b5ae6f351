package io.gilguard.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedList;
import java.util.concurrent.locks.ReentrantLock;
import org.junit.jupiter.api.Test;

/** Which family an object is in: by class for a monitor family, by registration for a field family. */
class FamiliesTest {
    /** A subclass of a monitor family's class, declared here so that no other test met it first. */
    private static final class MyList extends ArrayList<Object> {
        private static final long serialVersionUID = 1L;
    }

    @Test
    void monitorFamiliesByClassAndSupertype_fieldFamiliesByObject() {
        Locks.define(new String[] {"list", "engine", "abstract"}, new int[] {Locks.FAMILY, Locks.FAMILY, Locks.FAMILY},
                new String[3]);
        Families.define(new String[] {"java.util.ArrayList", null, "java.util.AbstractList"}, new boolean[] {false, true, false});
        assertEquals(0, Families.of(new ArrayList<>()));
        assertEquals(0, Families.of(new MyList()), "a subclass is in its superclass's family");
        assertEquals(-1, Families.of(new Object()));

        ReentrantLock member = new ReentrantLock();
        ReentrantLock other = new ReentrantLock();
        assertEquals(-1, Families.of(member), "not a member before its field is assigned");
        Families.bind(member, 1);
        assertEquals(1, Families.of(member));
        assertEquals(-1, Families.of(other), "another object of the same class is not a member");
        for (int i = 0; i < 1000; i++) {
            Families.bind(new ReentrantLock(), 1); // the table grows and keeps the first member
        }
        assertEquals(1, Families.of(member));
        assertTrue(Families.seen(0) && Families.seen(1));
        assertEquals(2, Families.of(new LinkedList<>()), "the nearest named supertype decides");
    }

    @Test
    void aMemberIsNamedByClassAndIdentityHash() {
        Object o = new Object();
        assertEquals(o.toString(), Families.label(o));
    }
}
