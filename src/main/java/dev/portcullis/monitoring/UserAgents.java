package dev.portcullis.monitoring;

/**
 * A user agent in plain words ("Firefox on Windows"). Deliberately simple: the order of the
 * checks matters, since most browsers claim to be several others.
 */
final class UserAgents {

    private UserAgents() {
    }

    static String describe(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return "Unknown device";
        }
        String browser = browser(userAgent);
        String system = system(userAgent);
        if (browser == null && system == null) {
            return "Unknown browser";
        }
        if (browser == null) {
            return "A browser on " + system;
        }
        return system == null ? browser : browser + " on " + system;
    }

    private static String browser(String ua) {
        if (ua.contains("Edg/") || ua.contains("Edge/")) {
            return "Microsoft Edge";
        }
        if (ua.contains("OPR/") || ua.contains("Opera")) {
            return "Opera";
        }
        if (ua.contains("SamsungBrowser/")) {
            return "Samsung Internet";
        }
        if (ua.contains("Firefox/") || ua.contains("FxiOS/")) {
            return "Firefox";
        }
        if (ua.contains("Chrome/") || ua.contains("CriOS/") || ua.contains("Chromium/")) {
            return "Chrome";
        }
        if (ua.contains("Safari/") && ua.contains("Version/")) {
            return "Safari";
        }
        if (ua.contains("Trident/") || ua.contains("MSIE ")) {
            return "Internet Explorer";
        }
        return null;
    }

    private static String system(String ua) {
        if (ua.contains("iPhone")) {
            return "iPhone";
        }
        if (ua.contains("iPad")) {
            return "iPad";
        }
        if (ua.contains("Android")) {
            return "Android";
        }
        if (ua.contains("Windows")) {
            return "Windows";
        }
        if (ua.contains("CrOS")) {
            return "ChromeOS";
        }
        if (ua.contains("Mac OS X") || ua.contains("Macintosh")) {
            return "Mac";
        }
        if (ua.contains("Linux")) {
            return "Linux";
        }
        return null;
    }
}
