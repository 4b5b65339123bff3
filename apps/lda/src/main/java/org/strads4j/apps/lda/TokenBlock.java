package org.strads4j.apps.lda;

import java.io.Serializable;

/**
 * The tokens of one worker's documents whose words fall in one vocabulary block, document-major:
 * document {@code d} (local index) owns {@code words[offsets[d] .. offsets[d + 1])}. Words are
 * indices within the block ({@link VocabularyBlocks#localIndex(int)}), so a token's word-topic
 * row is found without a lookup table.
 */
public final class TokenBlock implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] offsets;
    private final int[] words;

    public TokenBlock(int[] offsets, int[] words) {
        this.offsets = offsets;
        this.words = words;
    }

    /** Document boundaries (length = documents + 1; read only). */
    public int[] offsets() {
        return offsets;
    }

    /** Block-local word indices of the tokens (read only). */
    public int[] words() {
        return words;
    }

    /** Number of tokens. */
    public int size() {
        return words.length;
    }
}
