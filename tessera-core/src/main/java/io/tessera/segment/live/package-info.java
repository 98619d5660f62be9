/**
 * Models of a batch run as the live engine applies them to one customer at a time (the clustering
 * package itself depends only on Smile, Jackson and the JDK, so the glue to profiles and features
 * lives here).
 */
package io.tessera.segment.live;
