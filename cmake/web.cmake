# Front-end dependencies (web/package.json + lock) are installed from the npm
# registry at configure time into the build tree, never committed, and their
# distribution files are compiled into the binary with our own assets.
find_program(NPM npm)
set(SG_WEB_NPM ${CMAKE_BINARY_DIR}/web-npm)
set(SG_WEB_VENDOR ${CMAKE_BINARY_DIR}/web-vendor)
set(SG_UPLOT_DIST ${SG_WEB_NPM}/node_modules/uplot/dist)
if(NOT EXISTS ${SG_UPLOT_DIST}/uPlot.iife.min.js
   OR ${CMAKE_SOURCE_DIR}/web/package-lock.json IS_NEWER_THAN ${SG_UPLOT_DIST}/uPlot.iife.min.js)
  if(NOT NPM)
    message(FATAL_ERROR "npm is needed to install the dashboard's chart library (run scripts/deps.sh)")
  endif()
  file(MAKE_DIRECTORY ${SG_WEB_NPM})
  configure_file(${CMAKE_SOURCE_DIR}/web/package.json ${SG_WEB_NPM}/package.json COPYONLY)
  configure_file(${CMAKE_SOURCE_DIR}/web/package-lock.json ${SG_WEB_NPM}/package-lock.json COPYONLY)
  message(STATUS "Installing dashboard dependencies with npm ci")
  execute_process(COMMAND ${NPM} ci --no-audit --no-fund --loglevel=error
                  WORKING_DIRECTORY ${SG_WEB_NPM} RESULT_VARIABLE npm_rc)
  if(NOT npm_rc EQUAL 0)
    message(FATAL_ERROR "npm ci failed in ${SG_WEB_NPM} (is the npm registry reachable?)")
  endif()
endif()
file(MAKE_DIRECTORY ${SG_WEB_VENDOR})
configure_file(${SG_UPLOT_DIST}/uPlot.iife.min.js ${SG_WEB_VENDOR}/uPlot.iife.min.js COPYONLY)
configure_file(${SG_UPLOT_DIST}/uPlot.min.css ${SG_WEB_VENDOR}/uPlot.min.css COPYONLY)
configure_file(${SG_WEB_NPM}/node_modules/uplot/LICENSE ${SG_WEB_VENDOR}/uPlot.LICENSE.txt COPYONLY)
