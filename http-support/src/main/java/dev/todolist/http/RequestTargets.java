package dev.todolist.http;

import org.jspecify.annotations.Nullable;

/**
 * Puts a request target into the one form every decision by path sees (routes, security matchers, rate limits, the
 * proxy's target), or refuses it. The path's escapes of unreserved characters are decoded ({@code /auth/%6cogin} is
 * {@code /auth/login}, so that a spelling cannot dodge the login rate limit) and other escapes are kept, in upper
 * case. Refused: a target that is not a path, a malformed escape ({@code %zz}), an escaped {@code /}, {@code \},
 * {@code %}, {@code ;} or control character, a {@code .} or {@code ..} segment (also when escaped), an empty segment
 * ({@code //}), a raw {@code ;}, and characters that have no place in a URL.
 */
public final class RequestTargets {

    private RequestTargets() {
    }

    /** The normalized target, or the reason to refuse it. */
    public static Result normalize(String target) {
        if (target.isEmpty() || target.charAt(0) != '/') {
            return Result.refused("The request target must be a path.");
        }
        int question = target.indexOf('?');
        int pathEnd = question < 0 ? target.length() : question;
        StringBuilder out = null;
        for (int i = 0; i < pathEnd; i++) {
            char c = target.charAt(i);
            if (c == '%') {
                int value = escape(target, i, pathEnd);
                if (value < 0) {
                    return Result.refused("The path has a malformed percent-escape.");
                }
                if (isUnreserved(value)) {
                    out = started(out, target, i).append((char) value);
                }
                else if (value == '/' || value == '\\' || value == '%' || value == ';' || value < 0x20 || value == 0x7f) {
                    return Result.refused("The path has an escaped character that is not allowed there.");
                }
                else if (out != null || isLowerHex(target.charAt(i + 1)) || isLowerHex(target.charAt(i + 2))) {
                    out = started(out, target, i).append('%').append(upperHex(value >> 4)).append(upperHex(value & 15));
                }
                i += 2;
            }
            else if (isPathCharacter(c)) {
                if (out != null) {
                    out.append(c);
                }
            }
            else {
                return Result.refused("The path has a character that is not allowed there.");
            }
        }
        String path = out == null ? target.substring(0, pathEnd) : out.toString();
        if (!hasOnlyProperSegments(path)) {
            return Result.refused("The path has an empty, '.' or '..' segment.");
        }
        for (int i = pathEnd + 1; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c == '%') {
                if (escape(target, i, target.length()) < 0) {
                    return Result.refused("The query has a malformed percent-escape.");
                }
                i += 2;
            }
            else if (!isPathCharacter(c) && c != '?' && c != ';') {
                return Result.refused("The query has a character that is not allowed there.");
            }
        }
        return Result.accepted(out == null ? target : path + target.substring(pathEnd));
    }

    /** No empty segment ({@code //}), no {@code .} or {@code ..}; a trailing slash is fine. */
    private static boolean hasOnlyProperSegments(String path) {
        int start = 1;
        while (start <= path.length()) {
            int end = path.indexOf('/', start);
            if (end < 0) {
                end = path.length();
            }
            int length = end - start;
            if (length == 0 && end != path.length()) {
                return false;
            }
            if ((length == 1 && path.charAt(start) == '.')
                    || (length == 2 && path.charAt(start) == '.' && path.charAt(start + 1) == '.')) {
                return false;
            }
            start = end + 1;
        }
        return true;
    }

    private static StringBuilder started(@Nullable StringBuilder out, String target, int upTo) {
        return out != null ? out : new StringBuilder(target.length()).append(target, 0, upTo);
    }

    /** The byte an escape at {@code i} stands for, or -1 when it is malformed. */
    static int escape(String text, int i, int end) {
        if (i + 2 >= end) {
            return -1;
        }
        int high = Character.digit(text.charAt(i + 1), 16);
        int low = Character.digit(text.charAt(i + 2), 16);
        return high < 0 || low < 0 ? -1 : (high << 4) | low;
    }

    /** RFC 3986's unreserved: {@code ALPHA / DIGIT / "-" / "." / "_" / "~"}. */
    static boolean isUnreserved(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** RFC 3986's pchar and "/", without "%" (escapes are read apart) and ";" (path parameters are refused). */
    private static boolean isPathCharacter(char c) {
        return isUnreserved(c) || c == '/' || c == ':' || c == '@' || c == '!' || c == '$' || c == '&' || c == '\''
                || c == '(' || c == ')' || c == '*' || c == '+' || c == ',' || c == '=';
    }

    private static boolean isLowerHex(char c) {
        return c >= 'a' && c <= 'f';
    }

    private static char upperHex(int digit) {
        return Character.toUpperCase(Character.forDigit(digit, 16));
    }

    public record Result(@Nullable String target, @Nullable String refusal) {

        static Result accepted(String target) {
            return new Result(target, null);
        }

        static Result refused(String reason) {
            return new Result(null, reason);
        }
    }
}
