package io.tessera.identity;

/** A candidate account merge: accounts {@code a} and {@code b}, by a rule, strongest first. */
record Candidate(int a, int b, String rule, double weight, double confidence) {}
