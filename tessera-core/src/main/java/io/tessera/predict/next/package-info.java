/**
 * Next purchase: the probability of buying in the next 30 days from BG/NBD or from a classifier on
 * a time split, validated on a later split, and five probability bands with English and Korean
 * labels.
 */
package io.tessera.predict.next;
