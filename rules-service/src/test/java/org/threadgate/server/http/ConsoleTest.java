package org.threadgate.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The console as the server serves it: from the jar, under a strict Content-Security-Policy, with no inline script,
 * style or handler, a script that renders text only and keeps the token in the tab's session, and every element the
 * script looks for present in the page. (Its behaviour in a browser is not tested here yet.)
 */
class ConsoleTest {
    @RegisterExtension
    static final TestServer.Running SERVER = TestServer.Running.perClass();

    @Test
    void page_isServedUnderAStrictContentSecurityPolicy_withNothingInline() {
        TestServer.Answer page = SERVER.get().get("/");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.contentType()).startsWith("text/html");
        String html = page.body();
        assertThat(html).contains("<script type=\"module\" src=\"/console/console.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\bsrc=)[^>]*>")
                .doesNotContainPattern("\\sstyle=")
                .doesNotContainPattern("\\son[a-z]+=")
                .doesNotContain("http://").doesNotContain("https://");
        String csp = SERVER.get().header("/", "Content-Security-Policy");
        assertThat(csp).contains("default-src 'none'").contains("script-src 'self'").contains("connect-src 'self'")
                .doesNotContain("unsafe-inline").doesNotContain("unsafe-eval");
        assertThat(SERVER.get().header("/", "X-Content-Type-Options")).isEqualTo("nosniff");
    }

    @Test
    void script_rendersTextOnly_keepsTheTokenInTheTab_andFindsEveryElementItUses() {
        TestServer.Answer script = SERVER.get().get("/console/console.js");
        assertThat(script.status()).isEqualTo(200);
        assertThat(script.contentType()).startsWith("text/javascript");
        String js = script.body();
        assertThat(js).doesNotContain("innerHTML").doesNotContain("outerHTML").doesNotContain("insertAdjacentHTML")
                .doesNotContain("document.write").doesNotContain("eval(").doesNotContain("localStorage")
                .contains("textContent").contains("sessionStorage");
        Set<String> used = new LinkedHashSet<>();
        Matcher ids = Pattern.compile("\\$\\('([a-z-]+)'\\)").matcher(js);
        while (ids.find()) {
            used.add(ids.group(1));
        }
        String html = SERVER.get().get("/").body();
        assertThat(used).isNotEmpty().allSatisfy(id -> assertThat(html).contains("id=\"" + id + "\""));
        assertThat(SERVER.get().get("/console/console.css").contentType()).startsWith("text/css");
    }
}
