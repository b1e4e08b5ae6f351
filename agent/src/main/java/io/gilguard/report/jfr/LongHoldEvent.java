package io.gilguard.report.jfr;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * {@code gilguard.LongHold}: a hold of a tracked lock that spent {@code longHold} or more inside
 * native calls ({@code LONG_HOLD_ACROSS_NATIVE}), committed at the hold's end on the holder's
 * thread. Its time is a field, not the event's duration: a hold's native time is the sum of its
 * calls, not one interval, so JFR's own {@code threshold} cannot judge it; {@code minNativeTime}
 * does.
 */
@Name("gilguard.LongHold")
@Label("Lock Held Across Native Calls")
@Category({"gilguard"})
@Description("A hold of a tracked lock that spent a long time inside native calls while other threads may wait for it")
@StackTrace(true)
public class LongHoldEvent extends jdk.jfr.Event {
    @Label("Lock")
    @Description("The lock's name in the rules")
    public String lock;

    @Label("Object")
    @Description("For a monitor or field family, the member object held")
    public String object;

    @Label("Native Time")
    @Description("Time spent inside native calls during the hold, the Java callbacks they made left out")
    @Timespan(Timespan.NANOSECONDS)
    public long nativeTime;

    @Label("Hold Time")
    @Description("The whole hold, outermost acquisition to final release (millisecond clock)")
    @Timespan(Timespan.MILLISECONDS)
    public long holdTime;

    @Label("Native Calls")
    @Description("Native calls made during the hold")
    public int nativeCalls;

    @Label("Top Native Method")
    @Description("The native method that took the most time")
    public String topMethod;

    @Label("Native Methods")
    @Description("The longest native methods of the hold: METHOD TIME xCALLS, longest first")
    public String methods;

    @Label("Site")
    @Description("The native method that took the most time: Class.method(File.java)")
    public String site;

    @Label("Acquired At")
    @Description("Where the lock was taken")
    public String acquiredAt;

    @Label("Native Function")
    @Description("The C function of the top method, when a native: rule named it")
    public String nativeFunction;

    /** Only holds whose native time reaches the setting are recorded (0: every one gilguard reports). */
    @Label("Minimum Native Time")
    @Description("Record only holds whose native time is at least this long")
    @SettingDefinition
    @Name("minNativeTime")
    protected boolean minNativeTime(TimeThreshold threshold) {
        return nativeTime >= threshold.nanos();
    }

}
