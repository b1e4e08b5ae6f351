package io.gilguard.apps.order;

/** One of many objects whose monitors are one family ({@code monitor Node}): the "scale" run. */
final class Node {}
