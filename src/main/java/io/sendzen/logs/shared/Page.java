package io.sendzen.logs.shared;

import java.util.List;
import java.util.function.Function;

/** One page of a list, and the token of the next page when there is one. */
public record Page<T>(List<T> items, String nextPageToken) {

    /**
     * The first {@code size} of {@code rows}, read one past the page (so a next page is known to exist without a
     * count); the next-page token is made from the last item shown.
     */
    public static <T> Page<T> of(List<T> rows, int size, Function<T, String> tokenAfter) {
        if (rows.size() <= size) {
            return new Page<>(rows, null);
        }
        List<T> shown = rows.subList(0, size);
        return new Page<>(List.copyOf(shown), tokenAfter.apply(shown.get(size - 1)));
    }

    public <R> Page<R> map(Function<T, R> view) {
        return new Page<>(items.stream().map(view).toList(), nextPageToken);
    }
}
