package org.pacer.cib;

import java.util.Comparator;

/**
 * A CIB's version, {@code admin_epoch.epoch.num_updates}, ordered as Pacemaker orders them: by
 * admin_epoch, then epoch, then num_updates. The newer copy of the configuration is the greater version.
 */
public record CibVersion(long adminEpoch, long epoch, long numUpdates) implements Comparable<CibVersion> {
    public static final CibVersion ZERO = new CibVersion(0, 0, 0);

    private static final Comparator<CibVersion> ORDER = Comparator.comparingLong(CibVersion::adminEpoch)
            .thenComparingLong(CibVersion::epoch)
            .thenComparingLong(CibVersion::numUpdates);

    public CibVersion {
        if (adminEpoch < 0 || epoch < 0 || numUpdates < 0) {
            throw new IllegalArgumentException("CIB version numbers cannot be negative: " + adminEpoch + "."
                    + epoch + "." + numUpdates);
        }
    }

    /** The version on a {@code <cib>} element; absent numbers count as 0, unreadable ones are an error. */
    public static CibVersion of(XmlElement cib) {
        return new CibVersion(number(cib, "admin_epoch"), number(cib, "epoch"), number(cib, "num_updates"));
    }

    private static long number(XmlElement cib, String attribute) {
        String value = cib.attr(attribute);
        if (value == null || value.isBlank()) {
            return 0;
        }
        try {
            long number = Long.parseLong(value.strip());
            if (number < 0) {
                throw new NumberFormatException();
            }
            return number;
        } catch (NumberFormatException e) {
            throw new CibException(cib.position() + ": <cib " + attribute + "=\"" + value
                    + "\">: not a non-negative whole number");
        }
    }

    /** The version after a configuration change: epoch up by one, num_updates back to 0. */
    public CibVersion nextEpoch() {
        return new CibVersion(adminEpoch, epoch + 1, 0);
    }

    /** The version after a status change: num_updates up by one. */
    public CibVersion nextUpdate() {
        return new CibVersion(adminEpoch, epoch, numUpdates + 1);
    }

    /** The same element with this version written on it. */
    public XmlElement applyTo(XmlElement cib) {
        return cib.withAttribute("admin_epoch", Long.toString(adminEpoch))
                .withAttribute("epoch", Long.toString(epoch))
                .withAttribute("num_updates", Long.toString(numUpdates));
    }

    @Override
    public int compareTo(CibVersion other) {
        return ORDER.compare(this, other);
    }

    @Override
    public String toString() {
        return adminEpoch + "." + epoch + "." + numUpdates;
    }
}
