package io.switchboard.element;

/**
 * Whether instances still use an element. The instance package, above this one, owns instances and implements it,
 * so that the catalog needs no SQL on another package's table.
 */
public interface ElementUsage {

    /** How many live (not deleted) instances of the organization are of the element. */
    long instances(long organizationId, String elementKey);
}
