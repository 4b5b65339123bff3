package org.strads4j.apps.lda;

import java.util.Arrays;

/** A growable list of primitive ints (no boxing), for building token arrays. */
final class IntList {
    private int[] a = new int[16];
    private int n;

    void add(int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, a.length * 2);
        }
        a[n++] = v;
    }

    void set(int i, int v) {
        a[i] = v;
    }

    void clear() {
        n = 0;
    }

    int get(int i) {
        return a[i];
    }

    int size() {
        return n;
    }

    int[] toArray() {
        return Arrays.copyOf(a, n);
    }
}
