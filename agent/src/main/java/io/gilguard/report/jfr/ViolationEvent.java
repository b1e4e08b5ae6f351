package io.gilguard.report.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * {@code gilguard.Violation}: one occurrence of a broken rule (and of a finding that has no event
 * of its own, {@code RELEASE_NOT_WORTH_IT}), with the fields of its stderr line. The stack trace
 * is the reporting thread's: gilguard's own frames on top, then the application's.
 */
@Name("gilguard.Violation")
@Label("Lock Violation")
@Category({"gilguard"})
@Description("A broken lock rule at the Java/native boundary, as gilguard reports it on stderr")
@StackTrace(true)
public class ViolationEvent extends jdk.jfr.Event {
    @Label("Kind")
    @Description("UNPAIRED_RELEASE, FOREIGN_RELEASE, LEAKED_AT_RETURN, ...: gilguard's stable identifier")
    public String kind;

    @Label("Finding")
    @Description("Advice about a cost (RELEASE_NOT_WORTH_IT), not a broken rule")
    public boolean finding;

    @Label("Lock")
    @Description("The lock's name in the rules (jni:CLASS for a JNI monitor no rule names), or for thread state the state's label")
    public String lock;

    @Label("Object")
    @Description("For a monitor or field family, the member object, as Object.toString names it")
    public String object;

    @Label("Thread")
    @Description("The thread that broke the rule (a native hook may report it from another thread)")
    public String thread;

    @Label("Other Thread")
    @Description("The owner of the state or the holder of the lock, if another thread is concerned")
    public String owner;

    @Label("Site")
    @Description("Where the rule was broken: Class.method(File.java:LINE)")
    public String site;

    @Label("Acquired At")
    @Description("Where the lock was taken (for thread state: where it was created, bound or saved, as Origin says)")
    public String acquiredAt;

    @Label("Origin")
    @Description("For thread state: created, bound or saved")
    public String origin;

    @Label("Hold Count")
    @Description("For a lock still held, its reentry count")
    public int holdCount;

    @Label("Native Function")
    @Description("The C function called, when a native: rule named the boundary by its symbol")
    public String nativeFunction;

    @Label("Note")
    @Description("What the sites cannot say")
    public String note;

    @Label("Suppressed By")
    @Description("The reason of the suppression that matched it, if one did")
    public String suppressedBy;
}
