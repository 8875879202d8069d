<?php
/**
 * A test harness for the plugin, NOT WordPress: minimal stand-ins for the WordPress functions
 * the save path calls, so the plugin's filter runs for real against a real translit-api
 * service. tests/test_wordpress.py runs it as
 *
 *     php harness.php < scenario.json
 *
 * The scenario: {"settings": {...}, "data": {post_content, post_type, post_status, ...},
 * "postarr": {...}, "update": bool, "post_id": int, "constants": {"DOING_AUTOSAVE": true}}.
 * `data.post_content` is given unslashed; the harness slashes it as wp_insert_post() does
 * before the filter, and unslashes the result as wp_insert_post() does after it.
 *
 * It prints JSON: the content before and after, the meta the plugin stored, the requests it
 * sent (URL and headers) and what it wrote to the error log. HTTP goes through PHP's own
 * stream wrapper, not WordPress's Requests library.
 */

define( 'ABSPATH', __DIR__ . '/' );

$scenario = json_decode( stream_get_contents( STDIN ), true );
if ( ! is_array( $scenario ) ) {
	fwrite( STDERR, "harness: the scenario on stdin is not JSON\n" );
	exit( 2 );
}
foreach ( isset( $scenario['constants'] ) ? $scenario['constants'] : array() as $name => $value ) {
	define( $name, $value );
}

$log_file = tempnam( sys_get_temp_dir(), 'translit-harness-' );
ini_set( 'log_errors', '1' );
ini_set( 'error_log', $log_file );

$GLOBALS['harness'] = array(
	'filters'  => array(),
	'options'  => array( 'translit_api_settings' => isset( $scenario['settings'] ) ? $scenario['settings'] : array() ),
	'meta'     => array(),
	'requests' => array(),
);

// --- the WordPress API the plugin's save path uses ------------------------------------------

class WP_Error {
	private $code;
	private $message;

	public function __construct( $code = '', $message = '' ) {
		$this->code    = $code;
		$this->message = $message;
	}

	public function get_error_code() {
		return $this->code;
	}

	public function get_error_message() {
		return $this->message;
	}
}

function is_wp_error( $thing ) {
	return $thing instanceof WP_Error;
}

function add_filter( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	$GLOBALS['harness']['filters'][ $hook ][ $priority ][] = array( $callback, $accepted_args );
	return true;
}

function add_action( $hook, $callback, $priority = 10, $accepted_args = 1 ) {
	return add_filter( $hook, $callback, $priority, $accepted_args );
}

function apply_filters( $hook, $value, ...$args ) {
	$by_priority = isset( $GLOBALS['harness']['filters'][ $hook ] ) ? $GLOBALS['harness']['filters'][ $hook ] : array();
	ksort( $by_priority );
	foreach ( $by_priority as $callbacks ) {
		foreach ( $callbacks as list( $callback, $accepted ) ) {
			$value = call_user_func_array( $callback, array_slice( array_merge( array( $value ), $args ), 0, $accepted ) );
		}
	}
	return $value;
}

function do_action( $hook, ...$args ) {
	apply_filters( $hook, ...( $args ? $args : array( null ) ) );
}

function is_admin() {
	return false;
}

function get_option( $name, $default = false ) {
	return array_key_exists( $name, $GLOBALS['harness']['options'] ) ? $GLOBALS['harness']['options'][ $name ] : $default;
}

function wp_slash( $value ) {
	return is_array( $value ) ? array_map( 'wp_slash', $value ) : ( is_string( $value ) ? addslashes( $value ) : $value );
}

function wp_unslash( $value ) {
	return is_array( $value ) ? array_map( 'wp_unslash', $value ) : ( is_string( $value ) ? stripslashes( $value ) : $value );
}

function wp_json_encode( $data, $options = 0, $depth = 512 ) {
	return json_encode( $data, $options, $depth );
}

function update_post_meta( $post_id, $key, $value ) {
	// Like WordPress: the value arrives slashed and is stored unslashed.
	$GLOBALS['harness']['meta'][ $post_id ][ $key ] = wp_unslash( $value );
	return true;
}

function wp_remote_post( $url, $args = array() ) {
	$headers = isset( $args['headers'] ) ? $args['headers'] : array();
	$GLOBALS['harness']['requests'][] = array(
		'url'     => $url,
		'headers' => $headers,
		'timeout' => isset( $args['timeout'] ) ? $args['timeout'] : null,
	);
	$lines = '';
	foreach ( $headers as $name => $value ) {
		$lines .= $name . ': ' . $value . "\r\n";
	}
	$context = stream_context_create(
		array(
			'http' => array(
				'method'          => 'POST',
				'header'          => $lines . "Connection: close\r\n",
				'content'         => isset( $args['body'] ) ? $args['body'] : '',
				'timeout'         => isset( $args['timeout'] ) ? (float) $args['timeout'] : 5.0,
				'ignore_errors'   => true,  // a 4xx/5xx body is still read
				'follow_location' => 0,
			),
		)
	);
	$http_response_header = array();
	$body                 = @file_get_contents( $url, false, $context ); // phpcs:ignore
	if ( false === $body || empty( $http_response_header ) ) {
		$error = error_get_last();
		return new WP_Error( 'http_request_failed', $error ? $error['message'] : 'the request failed' );
	}
	preg_match( '#^HTTP/\S+\s+(\d{3})#', $http_response_header[0], $status );
	return array(
		'response' => array( 'code' => isset( $status[1] ) ? (int) $status[1] : 0 ),
		'body'     => $body,
	);
}

function wp_remote_retrieve_response_code( $response ) {
	return is_array( $response ) ? $response['response']['code'] : '';
}

function wp_remote_retrieve_body( $response ) {
	return is_array( $response ) ? $response['body'] : '';
}

// --- run the save path ----------------------------------------------------------------------

require dirname( __DIR__ ) . '/translit-api/translit-api.php';

$data    = isset( $scenario['data'] ) ? $scenario['data'] : array();
$postarr = isset( $scenario['postarr'] ) ? $scenario['postarr'] : array();
$update  = ! empty( $scenario['update'] );
$post_id = isset( $scenario['post_id'] ) ? (int) $scenario['post_id'] : 101;
$before  = isset( $data['post_content'] ) ? $data['post_content'] : '';

$started  = microtime( true );
$filtered = apply_filters( 'wp_insert_post_data', wp_slash( $data ), wp_slash( $postarr ), wp_slash( $postarr ), $update );
$seconds  = microtime( true ) - $started;
$filtered = wp_unslash( $filtered );  // wp_insert_post() unslashes after the filter

// wp_insert_post() stores a revision of an update before the post's own wp_insert_post action.
do_action( 'wp_insert_post', 9000, (object) array( 'post_type' => 'revision' ), false );
do_action( 'wp_insert_post', $post_id, (object) $filtered, $update );

echo json_encode(
	array(
		'before'   => $before,
		'after'    => $filtered['post_content'],
		'data'     => $filtered,
		'seconds'  => $seconds,
		'meta'     => $GLOBALS['harness']['meta'],
		'requests' => $GLOBALS['harness']['requests'],
		'log'      => array_values( array_filter( explode( "\n", (string) file_get_contents( $log_file ) ) ) ),
	)
);
unlink( $log_file );
