#include "net/core.hpp"

#include <openssl/ssl.h>

#include <stdexcept>

namespace arena::net {

namespace ssl = boost::asio::ssl;

// TLS 1.2 suites of Mozilla's intermediate profile (forward secrecy, AEAD only). TLS 1.3 uses
// OpenSSL's defaults, which are exactly the three AEAD suites the profile names.
static constexpr char const* intermediate_tls12_ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305:"
    "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384:DHE-RSA-CHACHA20-POLY1305";

ssl::context make_tls_context(std::string const& cert_file, std::string const& key_file) {
  ssl::context ctx{ssl::context::tls_server};
  ctx.set_options(ssl::context::default_workarounds | ssl::context::no_sslv2 | ssl::context::no_sslv3 |
                  ssl::context::no_tlsv1 | ssl::context::no_tlsv1_1 | ssl::context::single_dh_use);
  SSL_CTX* native = ctx.native_handle();
  if (SSL_CTX_set_min_proto_version(native, TLS1_2_VERSION) != 1 ||
      SSL_CTX_set_cipher_list(native, intermediate_tls12_ciphers) != 1)
    throw std::runtime_error("TLS: cannot apply the cipher configuration");
  SSL_CTX_set_ecdh_auto(native, 1);
  // The DHE-RSA suites above need a group; without one OpenSSL silently skips them. Auto picks
  // the RFC 7919 group that matches the key's strength (ffdhe2048 for RSA-2048, as Mozilla says).
  if (SSL_CTX_set_dh_auto(native, 1) != 1) throw std::runtime_error("TLS: cannot enable the DHE groups");
  // The intermediate profile leaves the choice to the client (it knows its own hardware).
  SSL_CTX_clear_options(native, SSL_OP_CIPHER_SERVER_PREFERENCE);
  boost::system::error_code ec;
  ctx.use_certificate_chain_file(cert_file, ec);
  if (ec) throw std::runtime_error("TLS: cannot load certificate chain " + cert_file + ": " + ec.message());
  ctx.use_private_key_file(key_file, ssl::context::pem, ec);
  if (ec) throw std::runtime_error("TLS: cannot load private key " + key_file + ": " + ec.message());
  if (SSL_CTX_check_private_key(native) != 1)
    throw std::runtime_error("TLS: the private key does not match the certificate");
  return ctx;
}

}  // namespace arena::net
