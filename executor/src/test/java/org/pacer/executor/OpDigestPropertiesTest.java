package org.pacer.executor;

import org.pacer.cib.OpDigest;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.Chars;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.StringLength;
import org.pacer.cib.XmlElement;
import org.pacer.cib.XmlParser;

/** The canonical form is well-formed XML that gives back the parameters (for values without line breaks or tabs). */
class OpDigestPropertiesTest {
    @Property(tries = 300)
    void canonicalFormReadsBackAsTheParameters(
            @ForAll @AlphaChars @StringLength(min = 1, max = 12) String name,
            @ForAll @AlphaChars @NumericChars @Chars({'&', '<', '>', '"', '\'', ' ', '$', '`', ';', 'é', '\\'})
            @StringLength(max = 40) String value) {
        Map<String, String> params = Map.of(name, value);
        String form = OpDigest.canonicalForm(new java.util.TreeMap<>(params));
        XmlElement parsed = new XmlParser().parse(form, "digest");
        assertThat(parsed.name()).isEqualTo("parameters");
        assertThat(parsed.attributes()).isEqualTo(params);
        assertThat(OpDigest.of(params, 0, 20000)).hasSize(32).isEqualTo(OpDigest.of(Map.copyOf(params), 0, 1));
    }
}
