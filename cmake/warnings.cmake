set(JTUNE_WARNINGS -Wall -Wextra -Wshadow -Wformat=2 -Wstrict-prototypes
    -Wmissing-prototypes -Wvla -Wno-format-nonliteral -Wno-format-truncation)
if(JTUNE_WERROR)
  list(APPEND JTUNE_WARNINGS -Werror)
endif()
if(JTUNE_SANITIZE)
  set(JTUNE_SAN_FLAGS -fsanitize=address,undefined -fno-sanitize-recover=undefined
      -fno-omit-frame-pointer)
endif()

function(jtune_warnings target)
  target_compile_options(${target} PRIVATE ${JTUNE_WARNINGS})
  target_compile_definitions(${target} PRIVATE _GNU_SOURCE)
  if(JTUNE_SANITIZE)
    target_compile_options(${target} PRIVATE ${JTUNE_SAN_FLAGS})
    target_link_options(${target} PUBLIC ${JTUNE_SAN_FLAGS})
  endif()
endfunction()
