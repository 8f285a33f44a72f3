# The stalling Secret Service helper talks D-Bus itself, and tst_keychain runs it.
find_package(Qt6 REQUIRED COMPONENTS DBus)
target_link_libraries(helper_stallingsecrets PRIVATE Qt6::DBus)
add_dependencies(tst_keychain helper_stallingsecrets)
