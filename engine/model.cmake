# The in-process model runtime (libtorch + OpenCV + sentencepiece), included from engine/CMakeLists.txt.

# The config.json readers and their checks against the checkpoint's tensors are plain C++ (the file readers
# are gc_weights_io), so the fuzz build has them too.
add_library(gc_checkpoint STATIC nn/config_util.cpp nn/clip_vision_config.cpp nn/kosmos2/config.cpp
  nn/florence2/vision_config.cpp nn/florence2/weight_names.cpp nn/florence2/bart_config.cpp nn/florence2/checkpoint.cpp
  nn/rope_decoder_config.cpp nn/weight_rename.cpp nn/qwen25vl/vision_config.cpp nn/qwen25vl/weight_names.cpp
  nn/qwen25vl/config.cpp nn/llava/config.cpp nn/llava/weight_names.cpp)
target_include_directories(gc_checkpoint PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(gc_checkpoint PUBLIC gc_weights_io nlohmann_json::nlohmann_json)
set_target_properties(gc_checkpoint PROPERTIES POSITION_INDEPENDENT_CODE ON)

if(GC_FUZZ)
  return() # the fuzz build has no libtorch
endif()
# Only engine/runtime/local_model.h is meant for the app: it has no torch, OpenCV or sentencepiece types,
# so those libraries stay PRIVATE and their headers never reach Qt translation units.

find_package(Torch REQUIRED)
find_package(PkgConfig REQUIRED)
pkg_check_modules(SENTENCEPIECE REQUIRED IMPORTED_TARGET sentencepiece)

# libopencv-dev (the only package with OpenCVConfig.cmake) is not required: the per-module -dev
# packages are, and these imported targets stand in for find_package(OpenCV).
find_package(OpenCV 4 QUIET COMPONENTS core imgproc imgcodecs)
if(OpenCV_FOUND)
  set(GC_OPENCV_LIBS opencv_core opencv_imgproc opencv_imgcodecs)
else()
  find_path(GC_CV_INC opencv2/core.hpp PATH_SUFFIXES opencv4 REQUIRED)
  set(GC_OPENCV_LIBS)
  foreach(m core imgproc imgcodecs)
    if(NOT TARGET gc_opencv_${m})
      find_library(GC_CV_${m} opencv_${m} REQUIRED)
      add_library(gc_opencv_${m} SHARED IMPORTED GLOBAL)
      set_target_properties(gc_opencv_${m} PROPERTIES IMPORTED_LOCATION "${GC_CV_${m}}"
                            INTERFACE_INCLUDE_DIRECTORIES "${GC_CV_INC}")
    endif()
    list(APPEND GC_OPENCV_LIBS gc_opencv_${m})
  endforeach()
endif()

add_library(gc_model STATIC
  io/npy.cpp io/model_folder.cpp io/image_loader.cpp io/image_header.cpp io/overlay.cpp
  text/spm_model.cpp text/xlmr_tokenizer.cpp text/llama_tokenizer.cpp
  nn/preprocess.cpp nn/pixel_tensor.cpp nn/layers.cpp nn/row_ops.cpp nn/attention_few_queries.cpp nn/matrix_packing.cpp nn/kv_cache.cpp nn/clip_vision.cpp nn/rope_decoder.cpp nn/rope_frequencies.cpp
  nn/decoder_probe.cpp
  nn/kosmos2/model.cpp nn/kosmos2/decode_state.cpp nn/kosmos2/architecture.cpp
  nn/florence2/image_processor.cpp nn/florence2/davit.cpp nn/florence2/vision.cpp
  nn/florence2/bart_model.cpp nn/florence2/decode_state.cpp nn/florence2/architecture.cpp
  nn/qwen25vl/vision_layout.cpp nn/qwen25vl/image_processor.cpp nn/qwen25vl/vision.cpp
  nn/qwen25vl/rope_index.cpp nn/qwen25vl/decode_state.cpp nn/qwen25vl/architecture.cpp
  nn/llava/model.cpp nn/llava/decode_state.cpp nn/llava/architecture.cpp nn/llava/ferret_region_sampler.cpp
  runtime/sampling.cpp runtime/sampling_rule.cpp runtime/prompt_layout.cpp runtime/generator.cpp runtime/beam_search.cpp runtime/architectures.cpp
  runtime/local_model.cpp runtime/weight_budget.cpp runtime/folder_template.cpp runtime/pixel_budget.cpp
  runtime/explain.cpp runtime/explanation.cpp runtime/tiled_turn.cpp)
target_include_directories(gc_model PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(gc_model
  PUBLIC gc_grounding gc_checkpoint gc_text gc_quant nlohmann_json::nlohmann_json
  PRIVATE ${TORCH_LIBRARIES} ${GC_OPENCV_LIBS} ${CMAKE_DL_LIBS})
set_target_properties(gc_model PROPERTIES POSITION_INDEPENDENT_CODE ON)
# ATen's headers cost ~23 s of compiler time in every translation unit that includes them (about fifty do;
# measured 30.6 s → 7.7 s for one): parse them once. Test, bench and tool targets that include ATen reuse
# this header through gc_reuse_aten_pch(). GCC only uses a precompiled header built with the same code model
# and the same predefined macros, so the reusing targets compile with -fPIC as gc_model does (an executable
# would get -fPIE), and gc_model keeps per-file definitions off the target.
target_precompile_headers(gc_model PRIVATE <ATen/ATen.h>)
function(gc_reuse_aten_pch)
  foreach(t IN LISTS ARGN)
    target_compile_options(${t} PRIVATE -fPIC)
    target_precompile_headers(${t} REUSE_FROM gc_model)
  endforeach()
endfunction()

# Debian's libsentencepiece exports its own copy of protobuf-lite, which crashes against libtorch's
# libprotobuf when both are linked into one process. It lives in a module that the tokenizer dlopens
# with RTLD_LOCAL | RTLD_DEEPBIND instead (text/spm_shim.h).
include(GNUInstallDirs)
add_library(gc_spm_shim MODULE text/spm_shim.cpp)
target_include_directories(gc_spm_shim PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(gc_spm_shim PRIVATE PkgConfig::SENTENCEPIECE)
set_target_properties(gc_spm_shim PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/lib)
add_dependencies(gc_model gc_spm_shim)
# On the one file that reads them: a definition on the whole target would differ between gc_model's
# precompiled header and the targets that reuse it, and GCC then ignores the header.
set_source_files_properties(text/spm_model.cpp PROPERTIES COMPILE_DEFINITIONS
  "GC_SPM_SHIM_BUILD_PATH=\"${CMAKE_BINARY_DIR}/lib/libgc_spm_shim.so\";GC_SPM_SHIM_INSTALL_PATH=\"${CMAKE_INSTALL_FULL_LIBDIR}/groundchat/libgc_spm_shim.so\"")
install(TARGETS gc_spm_shim LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}/groundchat)
# the few-query attention's weighted sum of value rows: vectorised although its trip count is known only at run time
set_source_files_properties(nn/attention_few_queries.cpp PROPERTIES COMPILE_OPTIONS "-fvect-cost-model=dynamic")
