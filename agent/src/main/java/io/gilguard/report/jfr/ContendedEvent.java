package io.gilguard.report.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code gilguard.Contended}: a thread waited {@code longWait} or more for a tracked lock whose
 * holder was inside native code ({@code CONTENDED}), committed on the waiter's thread when it got
 * the lock. The wait is a field measured by gilguard, judged by {@code minWaitTime}.
 */
@Name("gilguard.Contended")
@Label("Lock Contended During Native Call")
@Category({"gilguard"})
@Description("A thread waited for a tracked lock while its holder was inside native code")
@StackTrace(true)
public class ContendedEvent extends jdk.jfr.Event {
    @Label("Lock")
    @Description("The lock's name in the rules")
    public String lock;

    @Label("Object")
    @Description("For a monitor or field family, the member object waited for")
    public String object;

    @Label("Wait Time")
    @Description("How long the waiter waited for the lock")
    @Timespan(Timespan.NANOSECONDS)
    public long waitTime;

    @Label("Holder")
    @Description("The thread that held the lock inside native code")
    public String holder;

    @Label("Holder's Native Method")
    @Description("The native method the holder was in when the wait began")
    public String holderNativeMethod;

    @Label("Site")
    @Description("Where the waiter asked for the lock")
    public String site;

    @Label("Acquired At")
    @Description("Where the holder took the lock")
    public String acquiredAt;

    /** Only waits at least this long are recorded (0: every one gilguard reports). */
    @Label("Minimum Wait Time")
    @Description("Record only waits at least this long")
    @SettingDefinition
    @Name("minWaitTime")
    protected boolean minWaitTime(TimeThreshold threshold) {
        return waitTime >= threshold.nanos();
    }
}
