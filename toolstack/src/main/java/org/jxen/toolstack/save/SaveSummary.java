package org.jxen.toolstack.save;

/**
 * What {@link SaveReader#verify} found in a whole, sound image.
 *
 * @param domain the DOMAIN record
 * @param pages the guest frames the image holds
 * @param zeroPages how many of them are all zeros (stored without data)
 * @param vcpus VCPU records
 * @param devices DEVICE records
 * @param bytes the image's length
 */
public record SaveSummary(DomainRecord domain, long pages, long zeroPages, int vcpus, int devices, long bytes) {
}
