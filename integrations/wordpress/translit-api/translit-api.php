<?php
/**
 * Plugin Name:       translit-api
 * Description:       Repairs mangled Russian and Ukrainian names in posts ("the Shbekinskij district" → "the Shebekino district") through a translit-api service, and shows every change to the editor.
 * Version:           0.1.0
 * Requires at least: 6.0
 * Requires PHP:      7.4
 * License:           MIT
 * Text Domain:       translit-api
 *
 * How it works: the `wp_insert_post_data` filter sends `post_content` to the service's
 * `POST /normalize` with `format=html`. The service changes words only: block delimiters
 * (`<!-- wp:paragraph {...} -->`), tags, attributes and entities come back byte for byte, so
 * the block markup stays valid (the plugin checks that too, and keeps the original if not).
 * On any failure (timeout, connection refused, non-200, a malformed answer) the post is saved
 * unchanged and the failure goes to the PHP error log: it fails open.
 */

if ( ! defined( 'ABSPATH' ) ) {
	exit;
}

final class Translit_API_Plugin {
	const OPTION     = 'translit_api_settings';
	const META_KEY   = '_translit_api_report';
	const PAGE       = 'translit-api';
	const LOG_PREFIX = '[translit-api] ';
	// Tags, comments (block delimiters among them) and character references.
	const MARKUP = '/<!--.*?-->|<[^>]*>|&[#A-Za-z0-9]+;/s';

	/** @var array<int, array> Reports waiting for their post ID, by the ID the filter saw (0: a new post). */
	private static $pending = array();

	/** @var bool True while this plugin is inside the filter: nothing it causes is filtered again. */
	private static $busy = false;

	public static function boot() {
		add_filter( 'wp_insert_post_data', array( __CLASS__, 'filter_post_data' ), 20, 4 );
		add_action( 'wp_insert_post', array( __CLASS__, 'store_report' ), 10, 3 );
		if ( is_admin() ) {
			add_action( 'admin_init', array( __CLASS__, 'register_settings' ) );
			add_action( 'admin_menu', array( __CLASS__, 'add_settings_page' ) );
			add_action( 'add_meta_boxes', array( __CLASS__, 'add_meta_box' ) );
		}
	}

	public static function defaults() {
		return array(
			'url'            => '',
			'api_key'        => '',
			'webhook_secret' => '',
			'timeout'        => 3,
			'mode'           => 'replace',
			'trigger'        => 'publish',
			'post_types'     => 'post,page',
		);
	}

	/** The settings; constants in wp-config.php win, so secrets can stay out of the database. */
	public static function settings() {
		$saved    = get_option( self::OPTION, array() );
		$settings = array_merge( self::defaults(), is_array( $saved ) ? $saved : array() );
		$constants = array(
			'url'            => 'TRANSLIT_API_URL',
			'api_key'        => 'TRANSLIT_API_KEY',
			'webhook_secret' => 'TRANSLIT_API_WEBHOOK_SECRET',
		);
		foreach ( $constants as $key => $constant ) {
			if ( defined( $constant ) ) {
				$settings[ $key ] = (string) constant( $constant );
			}
		}
		return $settings;
	}

	/**
	 * The `wp_insert_post_data` filter. `$data` is slashed, as WordPress passes it.
	 *
	 * @param array $data                Sanitized, slashed post data.
	 * @param array $postarr             The raw post array (with `ID` on updates).
	 * @param array $unsanitized_postarr Unused.
	 * @param bool  $update              Whether this updates an existing post.
	 * @return array
	 */
	public static function filter_post_data( $data, $postarr = array(), $unsanitized_postarr = array(), $update = false ) {
		if ( self::$busy || ! is_array( $data ) ) {
			return $data;
		}
		$settings = self::settings();
		if ( ! self::should_send( $data, $settings ) ) {
			return $data;
		}
		$content = wp_unslash( (string) $data['post_content'] );
		if ( '' === trim( $content ) ) {
			return $data;
		}
		$post_id = isset( $postarr['ID'] ) ? (int) $postarr['ID'] : 0;

		self::$busy = true;
		try {
			$result = self::normalize( $content, $settings );
		} finally {
			self::$busy = false;
		}

		$report = array(
			'time'             => gmdate( 'c' ),
			'mode'             => $settings['mode'],
			'status'           => 'failed',
			'glossary_version' => '',
			'annotations'      => array(),
			'error'            => '',
		);
		if ( is_wp_error( $result ) ) {
			$report['error'] = $result->get_error_message();
			self::log( sprintf( 'post %d saved unchanged: %s', $post_id, $report['error'] ) );
			self::$pending[ $post_id ] = $report;
			return $data;
		}
		$text = $result['text'];
		if ( $text !== $content && ! self::same_markup( $content, $text ) ) {
			$report['error'] = 'the service changed the markup; its result was not used';
			self::log( sprintf( 'post %d saved unchanged: %s', $post_id, $report['error'] ) );
			self::$pending[ $post_id ] = $report;
			return $data;
		}
		$report['glossary_version'] = (string) ( isset( $result['glossary_version'] ) ? $result['glossary_version'] : '' );
		$report['annotations']      = $result['annotations'];
		$applied                    = count( array_filter( $result['annotations'], array( __CLASS__, 'is_applied' ) ) );
		if ( 'replace' === $settings['mode'] && $text !== $content ) {
			$data['post_content'] = wp_slash( $text );
			$report['status']     = 'repaired';
		} elseif ( count( $result['annotations'] ) > 0 && 0 === $applied ) {
			$report['status'] = 'suggested';
		} else {
			$report['status'] = 'unchanged';
		}
		self::$pending[ $post_id ] = $report;
		return $data;
	}

	private static function should_send( array $data, array $settings ) {
		if ( '' === trim( (string) $settings['url'] ) ) {
			return false;
		}
		if ( defined( 'DOING_AUTOSAVE' ) && DOING_AUTOSAVE ) {
			return false;
		}
		$type   = isset( $data['post_type'] ) ? (string) $data['post_type'] : '';
		$status = isset( $data['post_status'] ) ? (string) $data['post_status'] : '';
		if ( 'revision' === $type || ! in_array( $type, self::post_types( $settings ), true ) ) {
			return false;  // revisions and autosaves are stored as post type "revision"
		}
		if ( in_array( $status, array( 'auto-draft', 'trash', 'inherit' ), true ) ) {
			return false;
		}
		if ( 'publish' === $settings['trigger'] ) {
			return in_array( $status, array( 'publish', 'future', 'private' ), true );
		}
		return true;
	}

	private static function post_types( array $settings ) {
		return array_values( array_filter( array_map( 'trim', explode( ',', (string) $settings['post_types'] ) ) ) );
	}

	private static function is_applied( $annotation ) {
		return is_array( $annotation ) && ! empty( $annotation['applied'] );
	}

	/**
	 * One `POST /normalize` call. Returns the decoded response or a WP_Error; never throws.
	 *
	 * @return array|WP_Error
	 */
	public static function normalize( $html, array $settings ) {
		$body    = wp_json_encode(
			array(
				'text'   => $html,
				'format' => 'html',
				'mode'   => 'suggest' === $settings['mode'] ? 'suggest' : 'replace',
			)
		);
		$headers = array(
			'Content-Type' => 'application/json',
			'Accept'       => 'application/json',
		);
		if ( '' !== (string) $settings['api_key'] ) {
			$headers['Authorization'] = 'Bearer ' . $settings['api_key'];
		}
		if ( '' !== (string) $settings['webhook_secret'] ) {
			$signed = self::signature_headers( (string) $settings['webhook_secret'], $body );
			if ( is_wp_error( $signed ) ) {
				return $signed;
			}
			$headers = array_merge( $headers, $signed );
		}
		$response = wp_remote_post(
			rtrim( (string) $settings['url'], '/' ) . '/normalize',
			array(
				'timeout'     => max( 0.5, (float) $settings['timeout'] ),
				'redirection' => 0,
				'headers'     => $headers,
				'body'        => $body,
				'data_format' => 'body',
			)
		);
		if ( is_wp_error( $response ) ) {
			return new WP_Error( 'translit_api_unreachable', 'cannot reach the service: ' . $response->get_error_message() );
		}
		$code    = (int) wp_remote_retrieve_response_code( $response );
		$decoded = json_decode( (string) wp_remote_retrieve_body( $response ), true );
		if ( 200 !== $code ) {
			$message = is_array( $decoded ) && isset( $decoded['message'] ) ? (string) $decoded['message'] : '';
			$error   = is_array( $decoded ) && isset( $decoded['error'] ) ? (string) $decoded['error'] : 'error';
			return new WP_Error( 'translit_api_http_' . $code, sprintf( 'the service answered %d %s: %s', $code, $error, $message ) );
		}
		if ( ! is_array( $decoded ) || ! isset( $decoded['text'] ) || ! is_string( $decoded['text'] )
			|| ! isset( $decoded['annotations'] ) || ! is_array( $decoded['annotations'] ) ) {
			return new WP_Error( 'translit_api_bad_response', 'the service answered without text and annotations' );
		}
		return $decoded;
	}

	/**
	 * Standard Webhooks headers: HMAC-SHA256 of "{id}.{timestamp}.{body}" with the secret
	 * ("whsec_" + base64; any other value is used as is). A fresh id for every request: the
	 * service accepts each id once.
	 *
	 * @return array|WP_Error
	 */
	public static function signature_headers( $secret, $body ) {
		$key = $secret;
		if ( 0 === strpos( $secret, 'whsec_' ) ) {
			$key = base64_decode( substr( $secret, 6 ), true );
			if ( false === $key ) {
				return new WP_Error( 'translit_api_secret', "the webhook secret: 'whsec_' must be followed by base64" );
			}
		}
		$id        = 'msg_' . bin2hex( random_bytes( 16 ) );
		$timestamp = (string) time();
		$signature = base64_encode( hash_hmac( 'sha256', $id . '.' . $timestamp . '.' . $body, $key, true ) );
		return array(
			'webhook-id'        => $id,
			'webhook-timestamp' => $timestamp,
			'webhook-signature' => 'v1,' . $signature,
		);
	}

	/** True when both texts have the same tags, comments and entities, in the same order. */
	public static function same_markup( $before, $after ) {
		preg_match_all( self::MARKUP, $before, $old );
		preg_match_all( self::MARKUP, $after, $new );
		return $old[0] === $new[0];
	}

	/** `wp_insert_post`: the post has its ID now; keep the report where the editor sees it. */
	public static function store_report( $post_id, $post = null, $update = false ) {
		if ( is_object( $post ) && isset( $post->post_type ) && 'revision' === $post->post_type ) {
			return;
		}
		$key = array_key_exists( (int) $post_id, self::$pending ) ? (int) $post_id : ( $update ? null : 0 );
		if ( null === $key || ! array_key_exists( $key, self::$pending ) ) {
			return;
		}
		$report = self::$pending[ $key ];
		unset( self::$pending[ $key ] );
		update_post_meta( (int) $post_id, self::META_KEY, wp_slash( wp_json_encode( $report, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES ) ) );
	}

	private static function log( $message ) {
		error_log( self::LOG_PREFIX . $message ); // phpcs:ignore WordPress.PHP.DevelopmentFunctions
	}

	// --- admin: settings page and the editor's meta box -------------------------------------

	public static function register_settings() {
		register_setting(
			self::PAGE,
			self::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( __CLASS__, 'sanitize' ),
				'default'           => self::defaults(),
			)
		);
		add_settings_section( 'translit_api_service', __( 'Service', 'translit-api' ), '__return_false', self::PAGE );
		$fields = array(
			'url'            => __( 'Service URL', 'translit-api' ),
			'api_key'        => __( 'API key', 'translit-api' ),
			'webhook_secret' => __( 'Signing secret (optional)', 'translit-api' ),
			'timeout'        => __( 'Timeout (seconds)', 'translit-api' ),
			'mode'           => __( 'Mode', 'translit-api' ),
			'trigger'        => __( 'When', 'translit-api' ),
			'post_types'     => __( 'Post types', 'translit-api' ),
		);
		foreach ( $fields as $key => $label ) {
			add_settings_field( 'translit_api_' . $key, $label, array( __CLASS__, 'render_field' ), self::PAGE, 'translit_api_service', array( 'key' => $key ) );
		}
	}

	public static function sanitize( $input ) {
		$input = is_array( $input ) ? $input : array();
		$clean = self::defaults();
		$clean['url']            = isset( $input['url'] ) ? esc_url_raw( trim( (string) $input['url'] ) ) : '';
		$clean['api_key']        = isset( $input['api_key'] ) ? sanitize_text_field( (string) $input['api_key'] ) : '';
		$clean['webhook_secret'] = isset( $input['webhook_secret'] ) ? sanitize_text_field( (string) $input['webhook_secret'] ) : '';
		$timeout                 = isset( $input['timeout'] ) ? (float) $input['timeout'] : 3.0;
		$clean['timeout']        = min( 30.0, max( 0.5, $timeout ) );
		$clean['mode']           = ( isset( $input['mode'] ) && 'suggest' === $input['mode'] ) ? 'suggest' : 'replace';
		$clean['trigger']        = ( isset( $input['trigger'] ) && 'save' === $input['trigger'] ) ? 'save' : 'publish';
		$types                   = isset( $input['post_types'] ) ? explode( ',', (string) $input['post_types'] ) : array( 'post', 'page' );
		$clean['post_types']     = implode( ',', array_filter( array_map( 'sanitize_key', $types ) ) );
		return $clean;
	}

	public static function render_field( $args ) {
		$key      = $args['key'];
		$settings = self::settings();
		$name     = self::OPTION . '[' . $key . ']';
		$value    = isset( $settings[ $key ] ) ? (string) $settings[ $key ] : '';
		switch ( $key ) {
			case 'mode':
				$choices = array(
					'replace' => __( 'Replace: write repairs into the post', 'translit-api' ),
					'suggest' => __( 'Suggest: keep the text, list the repairs', 'translit-api' ),
				);
				break;
			case 'trigger':
				$choices = array(
					'publish' => __( 'When a post is published or updated while published', 'translit-api' ),
					'save'    => __( 'On every save, drafts too', 'translit-api' ),
				);
				break;
			default:
				$choices = null;
		}
		if ( null !== $choices ) {
			printf( '<select name="%s">', esc_attr( $name ) );
			foreach ( $choices as $choice => $label ) {
				printf( '<option value="%s"%s>%s</option>', esc_attr( $choice ), selected( $value, $choice, false ), esc_html( $label ) );
			}
			echo '</select>';
			return;
		}
		$type = in_array( $key, array( 'api_key', 'webhook_secret' ), true ) ? 'password' : ( 'timeout' === $key ? 'number' : 'text' );
		$step = 'timeout' === $key ? ' step="0.5" min="0.5" max="30"' : '';
		printf( '<input type="%s" class="regular-text" name="%s" value="%s"%s autocomplete="off" />', esc_attr( $type ), esc_attr( $name ), esc_attr( $value ), $step ); // phpcs:ignore WordPress.Security.EscapeOutput
		if ( 'url' === $key ) {
			echo '<p class="description">' . esc_html__( 'For example http://translit-api:8000 (TRANSLIT_API_URL in wp-config.php wins).', 'translit-api' ) . '</p>';
		}
	}

	public static function add_settings_page() {
		add_options_page( 'translit-api', 'translit-api', 'manage_options', self::PAGE, array( __CLASS__, 'render_settings_page' ) );
	}

	public static function render_settings_page() {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		echo '<div class="wrap"><h1>translit-api</h1><form action="options.php" method="post">';
		settings_fields( self::PAGE );
		do_settings_sections( self::PAGE );
		submit_button();
		echo '</form></div>';
	}

	public static function add_meta_box() {
		$settings = self::settings();
		add_meta_box( 'translit-api-report', __( 'Name repairs', 'translit-api' ), array( __CLASS__, 'render_meta_box' ), self::post_types( $settings ), 'side' );
	}

	public static function render_meta_box( $post ) {
		$report = json_decode( (string) get_post_meta( $post->ID, self::META_KEY, true ), true );
		if ( ! is_array( $report ) ) {
			echo '<p>' . esc_html__( 'Names are checked when the post is published.', 'translit-api' ) . '</p>';
			return;
		}
		printf( '<p><strong>%s</strong> · %s</p>', esc_html( $report['status'] ), esc_html( $report['time'] ) );
		if ( ! empty( $report['error'] ) ) {
			printf( '<p class="notice notice-warning">%s</p>', esc_html( $report['error'] ) );
		}
		if ( empty( $report['annotations'] ) ) {
			return;
		}
		echo '<ul>';
		foreach ( $report['annotations'] as $a ) {
			printf(
				'<li>%s → <strong>%s</strong> <em>(%s%s)</em></li>',
				esc_html( wp_strip_all_tags( (string) $a['original'] ) ),
				esc_html( wp_strip_all_tags( (string) $a['replacement'] ) ),
				esc_html( ! empty( $a['applied'] ) ? __( 'applied', 'translit-api' ) : __( 'suggested', 'translit-api' ) ),
				empty( $a['note'] ) ? '' : esc_html( '; ' . $a['note'] )
			);
		}
		echo '</ul>';
	}
}

Translit_API_Plugin::boot();
