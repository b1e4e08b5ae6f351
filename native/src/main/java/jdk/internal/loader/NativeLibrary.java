package jdk.internal.loader;

/** What {@link NativeLibraries#loadLibrary} returns, null when the library could not be loaded; see {@link BootLoader}. */
public abstract class NativeLibrary {
}
