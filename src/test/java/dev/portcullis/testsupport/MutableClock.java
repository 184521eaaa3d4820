package dev.portcullis.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that tests move by hand. It starts at the real current instant (in whole
 * milliseconds), because some times (Spring Session's creation time) still come from the
 * system clock and are compared with it.
 * Thread-safe: the application reads it on request threads while the test moves it.
 */
public final class MutableClock extends Clock {

    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    public MutableClock() {
        this(realNow(), ZoneOffset.UTC);
    }

    public MutableClock(Instant start, ZoneId zone) {
        this(new AtomicReference<>(start), zone);
    }

    private MutableClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /** Moves the clock on (or back, with a negative duration). */
    public MutableClock advance(Duration duration) {
        this.now.updateAndGet(current -> current.plus(duration));
        return this;
    }

    public MutableClock set(Instant instant) {
        this.now.set(instant);
        return this;
    }

    /** Back to the real current instant. */
    public MutableClock reset() {
        return set(realNow());
    }

    /** The real instant in whole milliseconds, the precision the database keeps. */
    private static Instant realNow() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public Instant instant() {
        return this.now.get();
    }

    @Override
    public ZoneId getZone() {
        return this.zone;
    }

    /** A view in another zone that moves together with this clock. */
    @Override
    public Clock withZone(ZoneId zone) {
        return new MutableClock(this.now, zone);
    }

    @Override
    public String toString() {
        return "MutableClock[" + instant() + "]";
    }
}
