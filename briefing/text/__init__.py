"""Text: words and stems, sentences, numbers, quotation marks, matching with offset maps, and
the lexicon every stage shares. The bottom layer: it imports no other stage."""
