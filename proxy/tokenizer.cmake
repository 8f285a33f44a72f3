# The o200k_base BPE rank table (resources/tokenizer/o200k_base.bpe, made by convert-ranks.mjs) is
# embedded into switchyard_proxy. For a static library Qt creates an object library for the resource
# and propagates it to every consumer, so executables linking switchyard_proxy get the
# ":/tokenizer/o200k_base.bpe" file registered without calling Q_INIT_RESOURCE themselves
# (tokenizer.cpp still calls it, which also pulls the object in if a toolchain drops it).
#
# rcc only compresses a file when it saves at least --threshold percent; BPE token bytes compress to
# about 65 %, so the threshold is lowered. zlib rather than the default zstd keeps the resource
# readable by Qt builds configured without zstd.
set(SWITCHYARD_TOKENIZER_DIR "${CMAKE_CURRENT_LIST_DIR}/../resources/tokenizer")
qt_add_resources(switchyard_proxy "tokenizer"
    PREFIX "/tokenizer"
    BASE "${SWITCHYARD_TOKENIZER_DIR}"
    FILES "${SWITCHYARD_TOKENIZER_DIR}/o200k_base.bpe"
    OPTIONS --compress-algo zlib --compress 9 --threshold 10)
