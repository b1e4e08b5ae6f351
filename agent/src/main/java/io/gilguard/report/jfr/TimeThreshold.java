package io.gilguard.report.jfr;

import java.util.Set;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.MetadataDefinition;
import jdk.jfr.Name;
import jdk.jfr.SettingControl;
import jdk.jfr.Timespan;

/**
 * A time an event's own measure must reach to be recorded, written as JFR writes its
 * {@code threshold}: {@code 20 ms}, {@code 1 s}, {@code 0 ns}. JFR's {@code threshold} judges an
 * event's duration, and gilguard's events carry their time in a field (a hold's native time is
 * no single interval), so they name this setting instead. With several recordings, the lowest
 * wins: each recording gets at least what it asked for. A value that is not a time counts as 0
 * (record everything gilguard reports) rather than losing events.
 */
@MetadataDefinition
@Name("gilguard.TimeThreshold")
@Label("Time Threshold")
@Description("Record only events whose measured time is at least this long")
@Timespan
public final class TimeThreshold extends SettingControl {
    private volatile String value = "0 ns";
    private volatile long nanos;

    /** JFR makes one per event type, by reflection. */
    public TimeThreshold() {}

    @Override
    public String combine(Set<String> values) {
        String lowest = null;
        long min = Long.MAX_VALUE;
        for (String v : values) {
            long n = parse(v);
            if (n < min) {
                min = n;
                lowest = v;
            }
        }
        return lowest == null ? "0 ns" : lowest;
    }

    @Override
    public void setValue(String v) {
        value = v;
        nanos = parse(v);
    }

    @Override
    public String getValue() {
        return value;
    }

    long nanos() {
        return nanos;
    }

    /** {@code N UNIT} (ns, us, ms, s, m, h, d; the space may be left out) in nanoseconds; 0 if it is none. */
    static long parse(String text) {
        if (text == null) {
            return 0;
        }
        String t = text.trim();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            return 0;
        }
        long n;
        try {
            n = Long.parseLong(t.substring(0, i));
        } catch (NumberFormatException tooLong) {
            return Long.MAX_VALUE;
        }
        long unit;
        switch (t.substring(i).trim()) {
            case "":
            case "ns": unit = 1L; break;
            case "us": unit = 1_000L; break;
            case "ms": unit = 1_000_000L; break;
            case "s": unit = 1_000_000_000L; break;
            case "m": unit = 60_000_000_000L; break;
            case "h": unit = 3_600_000_000_000L; break;
            case "d": unit = 86_400_000_000_000L; break;
            default: return 0;
        }
        return n > Long.MAX_VALUE / unit ? Long.MAX_VALUE : n * unit;
    }
}
